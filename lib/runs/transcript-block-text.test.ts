import { describe, expect, it } from 'vitest';
import { blockSentence, reasoningOpaque } from './transcript-block-text';

describe('transcript block text', () => {
  it('says each one-sentence block with its event’s words', () => {
    expect(blockSentence({ kind: 'status', key: 's', payload: { status: 'running', workerId: 'w1' } })).toBe('▶ Started on worker w1');
    expect(blockSentence({ kind: 'notice', key: 'n', payload: { notice: 'max-turns', maxTurns: 3 } })).toBe(
      "[max-turns] Stopped after 3 turns (the run's limit).",
    );
    expect(blockSentence({ kind: 'provider-error', key: 'e', payload: { kind: 'rate_limit', status: 429, hint: 'Slow down.' } })).toBe(
      '[provider-error] rate_limit 429 Slow down.',
    );
    expect(blockSentence({ kind: 'fallback', key: 'f', payload: { from: 'a', to: 'b', kind: 'overloaded' } })).toBe(
      '[fallback] a failed (overloaded); switching to b',
    );
    expect(blockSentence({ kind: 'finish', key: 'x', finishReason: 'stop' })).toBe('finish: stop');
    expect(blockSentence({ kind: 'unreadable', key: 'u', type: 'delta', payload: {}, problem: 'no text' })).toBe(
      '[unreadable event] delta — no text',
    );
  });

  it('names what a reasoning block holds that is not shown', () => {
    const reasoning = {
      kind: 'reasoning' as const,
      key: 'r',
      text: '',
      complete: true,
      streaming: false,
      cut: null,
      encryptedBytes: 0,
      signatureBytes: 0,
      redacted: false,
    };
    expect(reasoningOpaque(reasoning)).toEqual([]);
    expect(reasoningOpaque({ ...reasoning, encryptedBytes: 2048, signatureBytes: 12, redacted: true })).toEqual([
      'encrypted, 2.0 KiB',
      'signature: encrypted, 12 bytes',
      'redacted thinking',
    ]);
  });
});
