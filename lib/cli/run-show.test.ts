import { describe, expect, it } from 'vitest';
import { replayTranscript } from '@/lib/runs/transcript-reducer';
import { detail, events, RUN_ID } from './fixtures';
import { formatErrorArtifact, formatRunShow } from './run-show';

const artifact = {
  turnIndex: 0,
  kind: 'rate_limit',
  httpStatus: 429,
  file: 'turn_1.json',
  createdAt: '2030-01-01T00:00:01.000Z',
  payload: {
    kind: 'rate_limit',
    status: 429,
    hint: 'Slow down or raise the limit.',
    message: 'Too many requests',
    requestId: 'req_9',
    profile: 'simulator-chat',
    model: 'sim-gpt',
    bodySnippet: '<html>slow down [REDACTED]</html>',
    attempts: [
      {
        attempt: 1,
        streamed: true,
        status: 'error',
        httpStatus: 429,
        errorKind: 'rate_limit',
        waitBeforeMs: 0,
        durationMs: 12,
        requestId: 'req_8',
      },
      {
        attempt: 2,
        streamed: true,
        status: 'error',
        httpStatus: 429,
        errorKind: 'rate_limit',
        waitBeforeMs: 1000,
        durationMs: 10,
        requestId: 'req_9',
      },
    ],
  },
};

describe('formatRunShow', () => {
  it('heads the transcript with the run summary', () => {
    const lines = formatRunShow(detail(), replayTranscript(events()));
    expect(lines.slice(0, 6)).toEqual([
      `Run ${RUN_ID} · succeeded`,
      '  profile   simulator-anthropic (simulator · anthropic-messages) · model sim-claude',
      '  task      Smoke test: call list_files once.',
      '  times     created 2030-01-01 00:00:00 UTC · started 2030-01-01 00:00:00 UTC · finished 2030-01-01 00:00:01 UTC · 1.2 s',
      '  totals    2 turns · tokens in 678 / out 97 · cost $0.0031 est. · errors 0',
      '',
    ]);
    expect(lines.at(-1)).toBe('■ Run succeeded');
  });

  it('ends with the error artifacts: facts, attempts and the redacted body snippet', () => {
    const lines = formatRunShow(
      detail({ status: 'failed', errorKind: 'rate_limit', errorMessage: 'Too many requests', errorCount: 1 }, [artifact]),
      replayTranscript([]),
    );
    expect(lines).toContain('  error     rate_limit: Too many requests');
    expect(lines.slice(lines.indexOf('Error artifacts (1)'))).toEqual(['Error artifacts (1)', ...formatErrorArtifact(artifact)]);
    expect(formatErrorArtifact(artifact)).toEqual([
      '  errors/turn_1.json  rate_limit · HTTP 429  simulator-chat · sim-gpt',
      '    hint     Slow down or raise the limit.',
      '    message  Too many requests',
      '    request  req_9',
      '    attempt 1 · streamed · error rate_limit HTTP 429 · waited 0 ms · took 12 ms · req_8',
      '    attempt 2 · streamed · error rate_limit HTTP 429 · waited 1.0 s · took 10 ms · req_9',
      '    body (first 400 characters, redacted):',
      '      <html>slow down [REDACTED]</html>',
    ]);
  });
});

describe('formatRunHeader', () => {
  it('says when a run is an imported archive', () => {
    const lines = formatRunShow(
      detail({ importedFromId: 'a0000000-0000-7000-8000-000000000000', importedAt: '2030-02-01T00:00:00.000Z' }),
      replayTranscript([]),
    );
    expect(lines).toContain('  imported  2030-02-01 00:00:00 UTC from run a0000000-0000-7000-8000-000000000000 (a read-only archive)');
  });
});
