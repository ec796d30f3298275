import { describe, expect, it } from 'vitest';
import type { AttemptRecord, ProviderErrorInfo, ProviderResult } from '@/lib/providers/core/types';
import { rateLimitSampleRows } from './rate-limit-sample-rows';

const t0 = Date.parse('2026-12-07T10:00:00.000Z');

function attempt(index: number, startedAt: number, endedAt: number, error: ProviderErrorInfo | null): AttemptRecord {
  return {
    attempt: index,
    streamed: false,
    streamStarted: false,
    status: error ? 'error' : 'ok',
    httpStatus: error ? error.status : 200,
    errorKind: error?.kind ?? null,
    waitBeforeMs: 0,
    retryAfterMs: error?.retryAfterMs ?? null,
    requestId: null,
    startedAt,
    endedAt,
    firstTokenAt: null,
    usage: null,
    error,
  };
}

function refusal(rateLimit: Record<string, string>): ProviderErrorInfo {
  return {
    kind: 'rate_limit',
    message: 'HTTP 429',
    status: 429,
    retryable: true,
    retryAfterMs: 2000,
    requestId: null,
    bodySnippet: null,
    hint: '',
    details: { rateLimit },
  };
}

function result(attempts: AttemptRecord[], rateLimit: Record<string, string>, firstByteAt: number | null): ProviderResult {
  return {
    attempts,
    metadata: {
      requestId: null,
      responseId: null,
      modelServed: null,
      upstreamProvider: null,
      rateLimit,
      account: 'a1b2c3d4e5f60718',
      ignoredSettings: [],
    },
    timings: { startedAt: t0, firstByteAt, firstTokenAt: null, endedAt: attempts.at(-1)!.endedAt, chunkGapsMs: [] },
  } as unknown as ProviderResult;
}

const context = {
  runId: '00000000-0000-7000-8000-000000000001',
  runtime: 'openai-chat' as const,
  provider: 'openai',
  modelRequested: 'gpt-4.1-mini',
};

describe('rateLimitSampleRows', () => {
  it('samples every attempt that got a response: a refusal as of its end, a success as of its first byte', () => {
    const rows = rateLimitSampleRows(
      result(
        [
          attempt(
            1,
            t0,
            t0 + 100,
            refusal({ 'x-ratelimit-limit-tokens': '1000', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '2s' }),
          ),
          attempt(2, t0 + 2100, t0 + 3000, null),
        ],
        { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '58', 'x-ratelimit-reset-requests': '2s' },
        t0 + 2200,
      ),
      context,
    );
    // What every sample of this call carries: the run, the account and the model asked for.
    const ofTheCall = {
      runId: context.runId,
      account: 'a1b2c3d4e5f60718',
      runtime: 'openai-chat',
      provider: 'openai',
      model: 'gpt-4.1-mini',
    };
    expect(rows).toEqual([
      {
        ...ofTheCall,
        dimension: 'tokens',
        limit: 1000n,
        remaining: 0n,
        resetAt: new Date(t0 + 2100),
        observedAt: new Date(t0 + 100),
        httpStatus: 429,
      },
      {
        ...ofTheCall,
        dimension: 'requests',
        limit: 60n,
        remaining: 58n,
        resetAt: new Date(t0 + 4200),
        observedAt: new Date(t0 + 2200),
        httpStatus: 200,
      },
    ]);
  });

  it('a final refusal is sampled from its error (the result holds only a success’s headers); no response, no sample', () => {
    const final = refusal({ 'x-ratelimit-remaining-requests': '0', 'retry-after': '1' });
    const rows = rateLimitSampleRows(result([attempt(1, t0, t0 + 50, final)], {}, null), context);
    expect(rows.map((row) => [row.dimension, row.remaining, row.resetAt, row.observedAt])).toEqual([
      ['requests', 0n, new Date(t0 + 1050), new Date(t0 + 50)],
    ]);
    const network: ProviderErrorInfo = { ...final, kind: 'network', status: null, details: {} };
    expect(rateLimitSampleRows(result([attempt(1, t0, t0 + 50, network)], {}, null), context)).toEqual([]);
  });
});
