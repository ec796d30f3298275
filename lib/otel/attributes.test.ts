import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { ERROR_TYPE, GEN_AI, genAiProviderName, HTTP_RESPONSE_STATUS_CODE, OPERATION } from './attributes';

describe('attribute names', () => {
  it('are the names of the semantic conventions package', () => {
    const constants = semconv as unknown as Record<string, string>;
    const registered = new Set(
      Object.keys(constants)
        .filter((key) => key.startsWith('ATTR_GEN_AI_'))
        .map((key) => constants[key]),
    );
    for (const name of Object.values(GEN_AI)) expect(registered, name).toContain(name);
    expect(ERROR_TYPE).toBe(ATTR_ERROR_TYPE);
    expect(HTTP_RESPONSE_STATUS_CODE).toBe(ATTR_HTTP_RESPONSE_STATUS_CODE);
    expect(OPERATION).toEqual({
      chat: semconv.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      executeTool: semconv.GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      invokeAgent: semconv.GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    });
  });

  it('use the registered provider names, and our own where there is none', () => {
    expect(genAiProviderName('openai')).toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_OPENAI);
    expect(genAiProviderName('anthropic')).toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC);
    expect(genAiProviderName('openrouter')).toBe('openrouter');
    expect(genAiProviderName('simulator')).toBe('switchboard.simulator');
  });
});
