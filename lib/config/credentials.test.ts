import { describe, expect, it } from 'vitest';
import { credentialPresence } from './credentials';

describe('credentialPresence', () => {
  it('reports names and presence, never the values', () => {
    const secret = 'sk-planted-test-value-000000000000000000';
    const result = credentialPresence({ OPENAI_API_KEY: secret, ANTHROPIC_API_KEY: '   ' });
    expect(result).toEqual([
      { provider: 'openai', label: 'OpenAI', envVar: 'OPENAI_API_KEY', present: true },
      { provider: 'openrouter', label: 'OpenRouter', envVar: 'OPENROUTER_API_KEY', present: false },
      { provider: 'anthropic', label: 'Anthropic', envVar: 'ANTHROPIC_API_KEY', present: false },
    ]);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});
