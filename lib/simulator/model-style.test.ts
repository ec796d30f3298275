import { describe, expect, it } from 'vitest';
import { modelStyle } from './model-style';
import { textAnswer, wordTarget } from './scripted-model';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('the simulated models differ, deterministically', () => {
  it('in how long their plain answers are and how fast they stream', () => {
    const models = ['sim-gpt', 'sim-o-reasoner', 'sim-claude', 'anthropic/sim-claude'];
    expect(models.map((model) => wordTarget('Explain SSE.', model))).toEqual([30, 40, 60, 50]);
    expect(models.map((model) => modelStyle(model).pace)).toEqual([1, 1.5, 2, 2.5]);
    expect(words(textAnswer('Explain SSE.', 'sim-claude'))).toBeGreaterThan(words(textAnswer('Explain SSE.', 'sim-gpt')));
    expect(textAnswer('Explain SSE.', 'sim-claude')).toBe(textAnswer('Explain SSE.', 'sim-claude'));
  });

  it('while [[words:N]] sets the length for every model, and an unknown model is plain', () => {
    expect(wordTarget('Explain SSE. [[words:12]]', 'sim-claude')).toBe(12);
    expect(wordTarget('Explain SSE. [[words:12]]', 'sim-gpt')).toBe(12);
    expect(modelStyle('some-other-model')).toEqual({ pace: 1, verbosity: 1 });
    expect(wordTarget('Explain SSE.')).toBe(40);
  });
});
