import { describe, expect, it } from 'vitest';
import { call } from '@/lib/cli/fixtures';
import { auditTurn } from './attempt-audit';

describe('auditTurn', () => {
  it('says what ended the attempt before each retry or fallback, the wait, and how the chain stood', () => {
    const first = call({
      profileName: 'primary',
      attempt: 1,
      status: 'error',
      errorKind: 'rate_limit',
      httpStatus: 429,
      streamStarted: false,
      startedAt: '2030-01-01T00:00:00.000Z',
    });
    const retry = call({
      profileName: 'primary',
      attempt: 2,
      status: 'error',
      errorKind: 'overloaded',
      httpStatus: 200,
      streamStarted: true,
      cause: 'retry',
      causeKind: 'rate_limit',
      waitBeforeMs: 1000,
      retryAfterMs: 1000,
      startedAt: '2030-01-01T00:00:01.000Z',
    });
    const takeover = call({
      profileName: 'backup',
      attempt: 1,
      cause: 'profile-fallback',
      causeKind: 'overloaded',
      startedAt: '2030-01-01T00:00:03.000Z',
      chainState: [
        { profile: 'primary', state: 'failed' },
        { profile: 'other', state: 'cooling', coolingUntil: '2030-01-01T00:01:03.000Z' },
        { profile: 'backup', state: 'ready' },
      ],
    });
    const backoff = call({
      profileName: 'backup',
      attempt: 2,
      cause: 'retry',
      causeKind: 'server',
      waitBeforeMs: 1370,
      retryAfterMs: null,
      startedAt: '2030-01-01T00:00:05.000Z',
    });
    const audits = auditTurn([takeover, retry, backoff, first]);
    expect(audits.get(first)).toEqual({ cause: 'first attempt', after: null, wait: null, chain: null });
    expect(audits.get(retry)).toEqual({
      cause: 'retry',
      after: 'primary #1: rate_limit 429, before any stream began',
      wait: '1.0 s (retry-after 1.0 s honoured)',
      chain: null,
    });
    expect(audits.get(takeover)).toEqual({
      cause: 'fallback: backup took over',
      after: 'primary #2: overloaded — inside the response, after HTTP 200, after its stream began',
      wait: null,
      chain: 'primary failed · other cooling until 00:01:03 UTC · backup ready',
    });
    expect(audits.get(backoff)?.wait).toBe('1.4 s (our backoff)');
  });

  it('says "without streaming" for the call again after the provider refused to stream', () => {
    const refused = call({ attempt: 1, status: 'error', errorKind: 'stream_unsupported', httpStatus: 400, streamStarted: false });
    const again = call({
      attempt: 2,
      streamActual: false,
      streamStarted: false,
      cause: 'stream-fallback',
      causeKind: 'stream_unsupported',
      startedAt: '2030-01-01T00:00:01.000Z',
    });
    expect(auditTurn([refused, again]).get(again)).toMatchObject({
      cause: 'without streaming',
      after: 'simulator-anthropic #1: stream_unsupported 400, before any stream began',
    });
  });
});
