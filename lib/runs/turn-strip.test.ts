import { describe, expect, it } from 'vitest';
import { call as recordedCall } from '@/lib/cli/fixtures';
import type { ProviderCallView } from './run-detail';
import { turnStrip } from './turn-strip';

/** The CLI's recorded call, as a one-attempt Chat Completions call of this file's own numbers. */
const call = (overrides: Partial<ProviderCallView>): ProviderCallView =>
  recordedCall({
    profileName: 'simulator-chat',
    runtime: 'openai-chat',
    modelRequested: 'sim-gpt',
    modelServed: null,
    requestId: 'req_1',
    finishReason: 'stop',
    latencyMs: 100,
    ttftMs: 20,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
    ...overrides,
  });

describe('turnStrip', () => {
  it('sums a profile’s attempts, counts retries and takes timings from the last attempt', () => {
    const [entry, ...rest] = turnStrip([
      call({
        attempt: 1,
        status: 'error',
        errorKind: 'rate_limit',
        httpStatus: 429,
        streamStarted: false,
        latencyMs: 30,
        ttftMs: null,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: null,
      }),
      call({
        attempt: 2,
        waitBeforeMs: 1000,
        streamActual: false,
        streamStarted: false,
        fallbackReason: 'stream refused',
        modelServed: 'sim-gpt-2025',
        costUsd: 0.002,
        cacheReadTokens: 128,
      }),
    ]);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      model: 'sim-gpt-2025',
      delivery: 'fallback',
      fallbackReason: 'stream refused',
      status: 'ok',
      attempts: 2,
      retries: 1,
      waitedMs: 1000,
      latencyMs: 100,
      ttftMs: 20,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 128,
      costUsd: 0.002,
    });
  });

  it('gives each profile of a fallback chain its own line', () => {
    const entries = turnStrip([
      call({ profileName: 'a', status: 'error', errorKind: 'overloaded', startedAt: '2030-01-01T00:00:00.000Z' }),
      call({ profileName: 'b', streamRequested: false, streamActual: false, streamStarted: false, startedAt: '2030-01-01T00:00:01.000Z' }),
    ]);
    expect(entries.map((entry) => [entry.profileName, entry.status, entry.delivery])).toEqual([
      ['a', 'error', 'streamed'],
      ['b', 'ok', 'not streamed'],
    ]);
  });

  it('says "not started" for a streaming attempt refused before any stream began (a 429 page), not "streamed"', () => {
    const [entry] = turnStrip([
      call({ status: 'error', errorKind: 'rate_limit', httpStatus: 429, streamStarted: false, inputTokens: 0, outputTokens: 0 }),
    ]);
    expect(entry!.delivery).toBe('not started');
  });

  it('keeps counts no attempt reported null (not 0), and sums those that were reported', () => {
    const [none] = turnStrip([call({ cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null })]);
    expect(none).toMatchObject({ cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, providerCostUsd: null });
    const [some] = turnStrip([
      call({ attempt: 1, cacheReadTokens: null, providerCostUsd: null }),
      call({ attempt: 2, cacheReadTokens: 0, providerCostUsd: 0.0021, costUsd: 0.0018 }),
    ]);
    expect(some).toMatchObject({ cacheReadTokens: 0, providerCostUsd: 0.0021, costUsd: 0.0018 });
  });
});
