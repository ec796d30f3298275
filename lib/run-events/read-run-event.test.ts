import { describe, expect, it } from 'vitest';
import { readRunEvent } from './read-run-event';
import { RUN_EVENT_TYPES, runEventInputSchema, type RunEventInput } from './schema';

/** One event of each type as the conductor writes it today. */
const TODAY: RunEventInput[] = [
  { type: 'status', payload: { status: 'running', workerId: 'w1', resumed: false } },
  { type: 'turn-start', payload: { index: 0, turnId: 't0', profile: 'simulator-chat', model: 'sim-gpt', fallback: false } },
  { type: 'attempt', payload: { attempt: 1, streamed: true } },
  { type: 'text-delta', payload: { text: 'Hello' } },
  { type: 'reasoning-delta', payload: { text: 'Let me think.' } },
  { type: 'reasoning', payload: { text: null, encryptedBytes: 120, signatureBytes: 0, redacted: true } },
  { type: 'tool-call-start', payload: { index: 0, id: null, name: null } },
  { type: 'tool-call', payload: { id: 'c1', name: 'read_file', arguments: { path: 'a' } } },
  { type: 'tool-result', payload: { id: 'c1', name: 'read_file', ok: true, result: { ok: true, content: 'x' } } },
  {
    type: 'notice',
    payload: { notice: 'retrying', kind: 'rate_limit', status: 429, attempt: 1, nextAttempt: 2, delayMs: 1000, retryAfterMs: 1000 },
  },
  { type: 'error', payload: { kind: 'auth', status: 401, hint: 'Check the key.', requestId: 'req_1' } },
  { type: 'fallback', payload: { from: 'a', to: 'b', kind: 'rate_limit' } },
  { type: 'usage', payload: { usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: null } } },
  { type: 'finish', payload: { finishReason: 'stop' } },
  {
    type: 'turn-summary',
    payload: {
      index: 0,
      status: 'failed',
      finishReason: 'error',
      startedAt: '2030-01-01T00:00:00.000Z',
      finishedAt: '2030-01-01T00:00:01.000Z',
      calls: [],
      errorArtifacts: [
        {
          turnIndex: 0,
          kind: 'internal',
          httpStatus: null,
          file: 'turn_1.json',
          payload: { kind: 'internal' },
          createdAt: '2030-01-01T00:00:01.000Z',
        },
      ],
    },
  },
  {
    type: 'run-updated',
    payload: {
      status: 'failed',
      startedAt: '2030-01-01T00:00:00.000Z',
      finishedAt: '2030-01-01T00:00:01.000Z',
      cancelRequestedAt: null,
      turnCount: 1,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: null,
      providerCostUsd: null,
      errorCount: 0,
      errorKind: 'internal',
      errorMessage: 'a bug',
      resumeCount: 0,
      replayDivergence: null,
    },
  },
];

describe('readRunEvent', () => {
  it('reads every type as it is written today, unchanged', () => {
    expect(new Set(TODAY.map((event) => event.type))).toEqual(new Set(RUN_EVENT_TYPES));
    for (const event of TODAY) expect(readRunEvent(event)).toEqual({ ok: true, body: event });
  });

  it('reads the older shapes still in databases and bundles: sentences are dropped or kept as a legacy notice', () => {
    expect(
      readRunEvent({
        type: 'error',
        payload: { message: '[provider-error] rate_limit 429 Slow down.', kind: 'rate_limit', status: 429, hint: 'Slow down.' },
      }),
    ).toEqual({
      ok: true,
      body: { type: 'error', payload: { kind: 'rate_limit', status: 429, hint: 'Slow down.' } },
    });
    expect(
      readRunEvent({
        type: 'fallback',
        payload: { from: 'a', to: 'b', kind: 'server', message: '[fallback] a failed (server); switching to b' },
      }),
    ).toEqual({
      ok: true,
      body: { type: 'fallback', payload: { from: 'a', to: 'b', kind: 'server' } },
    });
    const retrying = { notice: 'retrying', message: 'rate_limit (HTTP 429): retrying in 1.0 s', details: { attempt: 1, nextAttempt: 2 } };
    expect(readRunEvent({ type: 'notice', payload: retrying })).toEqual({ ok: true, body: { type: 'notice', payload: retrying } });
    // An old cancel notice reads as today's (its sentence is made again where it is shown).
    expect(readRunEvent({ type: 'notice', payload: { notice: 'cancelled', message: 'Cancelled by the user: …', details: {} } })).toEqual({
      ok: true,
      body: { type: 'notice', payload: { notice: 'cancelled' } },
    });
  });

  it('says why an event does not read: an unknown type, a missing or mistyped field', () => {
    expect(readRunEvent({ type: 'brand-new', payload: {} })).toEqual({ ok: false, problem: 'unknown event type "brand-new"' });
    expect(readRunEvent({ type: 'text-delta', payload: { text: 5 } })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^text-delta text: /),
    });
    expect(readRunEvent({ type: 'status', payload: null })).toMatchObject({ ok: false, problem: expect.stringMatching(/^status: /) });
    expect(
      readRunEvent({ type: 'turn-start', payload: { index: -1, turnId: 't', profile: 'p', model: 'm', fallback: false } }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^turn-start index: /),
    });
  });

  it('writers may not write the older shapes', () => {
    expect(runEventInputSchema.safeParse({ type: 'notice', payload: { notice: 'retrying', message: 'x' } }).success).toBe(false);
    expect(runEventInputSchema.safeParse({ type: 'notice', payload: { notice: 'max-turns', maxTurns: 8 } }).success).toBe(true);
  });
});
