import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { replayTranscript } from '@/lib/runs/transcript-reducer';
import { detail, events, RUN_ID } from './fixtures';
import { planSmoke } from './smoke-plan';
import { formatSmokeSummary, refusedSummary, runSummary, skippedSummary } from './smoke-report';

const profile = (name: string) => providerProfileSchema.parse(BUILTIN_PROFILES.find((candidate) => candidate.name === name));

describe('smoke report', () => {
  it('puts a run on one screen: models, streaming path and why it fell back, tokens, cache, timings, retries, request ids', () => {
    const plan = planSmoke(profile('simulator-anthropic'), { stream: true, tools: true });
    const summary = runSummary(plan, detail(), replayTranscript(events()));
    expect(summary).toMatchObject({
      ok: true,
      status: 'succeeded',
      runId: RUN_ID,
      answer: 'The folder is empty.',
      modelsServed: ['sim-claude'],
    });
    expect(formatSmokeSummary(summary)).toEqual([
      '── simulator-anthropic · Simulator · Anthropic Messages (thinking, cache) ────',
      '  result      succeeded in 1.2 s · 2 turns',
      '  runtime     anthropic-messages (simulator)',
      '  model       requested sim-claude · served sim-claude',
      '  settings    streaming requested · temperature not sent · max output 1,280 tokens · tools list_files',
      '              sim-claude on anthropic-messages does not accept temperature: it is reported and not sent.',
      '  streaming   fell back to non-streaming (turn 2): HTTP 400: Your organization must be verified to stream this model.',
      '  tokens      input 678 · output 97 · reasoning not reported',
      '  cache       read 206 · write 206',
      '  latency     turn 1: 120 ms · turn 2: 120 ms',
      '  TTFT        turn 1: 36 ms · turn 2: — (not streamed)',
      '  retries     turn 1: 0 · turn 2: 1',
      '  request id  turn 1: req_0 · turn 2: req_2',
      '  reasoning   summary 13 characters · signature: encrypted, 296 bytes',
      '  tool calls  list_files {"path":"."} → ok',
      '  answer      The folder is empty.',
      `  run         ${RUN_ID}  (npm run runs -- show ${RUN_ID})`,
    ]);
  });

  it('tells a provider error by kind, status, hint and request id, never by its message or body', () => {
    const plan = planSmoke(profile('simulator-chat'), { stream: false, tools: false });
    const artifact = {
      turnIndex: 0,
      kind: 'auth',
      httpStatus: 401,
      file: 'turn_1.json',
      createdAt: '2030-01-01T00:00:00.000Z',
      payload: {
        kind: 'auth',
        status: 401,
        hint: 'Check the key.',
        requestId: 'req_5',
        message: 'Incorrect API key provided: sk-sim-i**alid',
        bodySnippet: '{"error":"secret-ish"}',
      },
    };
    const summary = runSummary(
      plan,
      detail({ status: 'failed', errorKind: 'auth', errorMessage: 'Incorrect API key provided' }, [artifact]),
      replayTranscript([]),
    );
    expect(summary.ok).toBe(false);
    const text = formatSmokeSummary(summary).join('\n');
    expect(text).toContain('  error       auth · HTTP 401 · Check the key. · request req_5');
    expect(text).not.toContain('Incorrect API key');
    expect(text).not.toContain('secret-ish');
  });

  it('reports a skipped profile in two lines and a refused one with its field errors', () => {
    const plan = planSmoke(profile('openai-gpt-4.1'), { stream: false, tools: false });
    expect(formatSmokeSummary(skippedSummary(plan, 'skipped: no key for openai (OPENAI_API_KEY is not set)'))).toEqual([
      '── openai-gpt-4.1 · OpenAI · gpt-4.1 (Chat) ──────────────────────────────────',
      '  result      skipped: no key for openai (OPENAI_API_KEY is not set)',
      '  runtime     openai-chat (openai)',
    ]);
    const refused = refusedSummary(plan, 'The provider would refuse these settings.', { 'overrides.temperature': ['out of range'] });
    expect(refused.ok).toBe(false);
    expect(formatSmokeSummary(refused).at(-1)).toBe(
      '  refused     The provider would refuse these settings. overrides.temperature: out of range',
    );
  });
});
