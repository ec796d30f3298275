import { describe, expect, it } from 'vitest';
import { isOpenAINonReasoningModel, isOpenAIReasoningModel } from './model-capabilities';

describe('OpenAI model capabilities', () => {
  it.each([
    ['o3', true, false],
    ['o4-mini', true, false],
    ['openai/o3-mini', true, false],
    ['gpt-5', true, false],
    ['gpt-5-mini', true, false],
    ['gpt-5-chat-latest', false, true],
    ['gpt-4.1', false, true],
    ['GPT-4o', false, true],
    ['chatgpt-4o-latest', false, true],
    ['sim-gpt', false, false],
  ])('%s: reasoning %s, known without reasoning %s', (model, reasoning, nonReasoning) => {
    expect(isOpenAIReasoningModel(model)).toBe(reasoning);
    expect(isOpenAINonReasoningModel(model)).toBe(nonReasoning);
  });
});
