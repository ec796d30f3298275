import { describe, expect, it } from 'vitest';
import type { ProviderResult, ReasoningPart } from '../core/types';
import { outcomeOf } from './outcome';

const origin = { runtime: 'anthropic-messages' as const, account: 'a' };

function resultWith(reasoning: ReasoningPart[]): ProviderResult {
  return {
    message: { role: 'assistant', content: reasoning },
    text: '',
    toolCalls: [],
    invalidToolCalls: [],
    reasoning,
    finishReason: 'stop',
    usage: null,
    metadata: {
      requestId: null,
      responseId: null,
      modelServed: null,
      upstreamProvider: null,
      rateLimit: {},
      account: 'test-account',
      ignoredSettings: [],
    },
    timings: { startedAt: 0, firstByteAt: null, firstTokenAt: null, endedAt: 0, chunkGapsMs: [] },
    attempts: [],
    streamed: { requested: false, actual: false, fallbackReason: null },
    session: {},
    error: null,
  };
}

describe('outcomeOf: reasoning in the case format', () => {
  it('issue 12: Anthropic redacted thinking is encrypted and redacted', () => {
    expect(outcomeOf(resultWith([{ type: 'reasoning', origin, encrypted: 'EmwKAhgB…', redacted: true }])).reasoning).toEqual({
      text: null,
      encrypted: true,
      signature_present: false,
      redacted: true,
    });
  });

  it('thinking text with its signature is neither encrypted nor redacted', () => {
    expect(outcomeOf(resultWith([{ type: 'reasoning', origin, text: 'Think.', signature: 'EqQB…' }])).reasoning).toEqual({
      text: 'Think.',
      encrypted: false,
      signature_present: true,
      redacted: false,
    });
  });

  it('joins the text of several parts; no part at all is no reasoning', () => {
    const parts: ReasoningPart[] = [
      { type: 'reasoning', origin, text: 'One.', summary: ['One.'], encrypted: 'gAAAA…', id: 'rs_1' },
      { type: 'reasoning', origin, text: 'Two.' },
    ];
    expect(outcomeOf(resultWith(parts)).reasoning).toMatchObject({ text: 'One.\n\nTwo.', encrypted: true });
    expect(outcomeOf(resultWith([])).reasoning).toBeNull();
  });
});
