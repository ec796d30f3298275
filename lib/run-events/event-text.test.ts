import { describe, expect, it } from 'vitest';
import {
  attemptText,
  CANCELLED_TEXT,
  fallbackText,
  finishText,
  noticeText,
  providerErrorText,
  replayDivergenceText,
  statusText,
  unreadableText,
} from './event-text';

describe('event text', () => {
  it('says a provider error from its kind, status and hint', () => {
    expect(providerErrorText({ kind: 'rate_limit', status: 429, hint: 'Slow down.' })).toBe('[provider-error] rate_limit 429 Slow down.');
    expect(providerErrorText({ kind: 'network', status: 200, hint: 'Check the connection.' })).toBe(
      '[provider-error] network — stream cut after HTTP 200 Check the connection.',
    );
    expect(providerErrorText({ kind: 'timeout', status: null, hint: '' })).toBe('[provider-error] timeout');
  });

  it('says each notice from its data', () => {
    expect(
      noticeText({
        notice: 'streaming-disabled',
        reason: 'Your organization must be verified to stream this model.',
        status: 400,
        requestId: null,
      }),
    ).toBe('[streaming-disabled] Your organization must be verified to stream this model.');
    expect(
      noticeText({ notice: 'retrying', kind: 'rate_limit', status: 429, attempt: 1, nextAttempt: 2, delayMs: 1250, retryAfterMs: null }),
    ).toBe('[retrying] rate_limit (HTTP 429): retrying in 1.3 s');
    expect(
      noticeText({ notice: 'retrying', kind: 'network', status: null, attempt: 2, nextAttempt: 3, delayMs: 500, retryAfterMs: null }),
    ).toBe('[retrying] network: retrying in 0.5 s');
    expect(noticeText({ notice: 'settings-ignored', runtime: 'openai-responses', settings: ['temperature', 'topP'] })).toBe(
      '[settings-ignored] openai-responses does not accept temperature, topP; not sent.',
    );
    expect(noticeText({ notice: 'reasoning-dropped', profile: 'claude' })).toBe(
      '[reasoning-dropped] claude: thinking is off for this call (the previous tool-use turn came from another provider).',
    );
    expect(noticeText({ notice: 'max-turns', maxTurns: 8 })).toBe("[max-turns] Stopped after 8 turns (the run's limit).");
    expect(noticeText({ notice: 'fallback-skipped', profile: 'openai', reason: 'OPENAI_API_KEY is not set' })).toBe(
      '[fallback-skipped] Fallback openai skipped: OPENAI_API_KEY is not set',
    );
    expect(noticeText({ notice: 'cancelled' })).toBe(`[cancelled] ${CANCELLED_TEXT}`);
  });

  it('says where a fork or replay came from and where a replay left its recording', () => {
    const parentRunId = '0199d2c4-7a1e-7b3c-9f00-1234567890ab';
    expect(noticeText({ notice: 'forked', parentRunId, turnIndex: 1, messages: 5, toolResults: 1 })).toBe(
      `[forked] Forked from run ${parentRunId} after its turn 2: 5 messages and 1 tool result carried over.`,
    );
    expect(noticeText({ notice: 'fork-reasoning', kept: 0, dropped: 2, droppedFrom: ['anthropic-messages'] })).toBe(
      "[fork-reasoning] 2 opaque reasoning blobs from anthropic-messages not sent: they go back only to the account that issued them (their summaries stay in the parent's transcript). 0 kept.",
    );
    expect(noticeText({ notice: 'fork-reasoning', kept: 1, dropped: 0, droppedFrom: [] })).toBe(
      '[fork-reasoning] 1 opaque reasoning blob carried back unchanged (same runtime and account).',
    );
    expect(noticeText({ notice: 'fork-reasoning', kept: 0, dropped: 0, droppedFrom: [] })).toBe(
      '[fork-reasoning] The carried turns hold no opaque reasoning: nothing to send back.',
    );
    expect(noticeText({ notice: 'replaying', parentRunId, recordedCalls: 4, onDivergence: 'continue' })).toBe(
      `[replaying] Replaying run ${parentRunId}: 4 recorded tool results served while the model asks for the same calls; at the first divergence it continues with real tools.`,
    );
    const divergence = {
      turnIndex: 1,
      callIndex: 0,
      expected: { name: 'read_file', arguments: { path: 'a.md' } },
      asked: { name: 'read_file', arguments: { path: 'b.md' } },
      action: 'stopped' as const,
    };
    expect(noticeText({ notice: 'replay-diverged', ...divergence })).toBe(
      '[replay-diverged] Turn 2: the model asked for read_file({"path":"b.md"}) where the recording has read_file({"path":"a.md"}); the replay stops here.',
    );
    expect(replayDivergenceText(divergence)).toBe(
      'Left the recording at turn 2: asked for read_file({"path":"b.md"}) where the recording has read_file({"path":"a.md"}); the replay stopped there.',
    );
    expect(replayDivergenceText({ ...divergence, asked: null, action: 'continued' })).toBe(
      'Left the recording at turn 2: answered where the recording has read_file({"path":"a.md"}); tools ran for real from there.',
    );
    expect(replayDivergenceText({ ...divergence, expected: null })).toBe(
      'Left the recording at turn 2: asked for read_file({"path":"b.md"}) where the recording has no more tool calls; the replay stopped there.',
    );
  });

  it('says an older notice by its sentence, with its kind in front when it lacked one', () => {
    expect(noticeText({ notice: 'retrying', message: 'rate_limit (HTTP 429): retrying in 1.0 s' })).toBe(
      '[retrying] rate_limit (HTTP 429): retrying in 1.0 s',
    );
    expect(noticeText({ notice: 'streaming-disabled', message: '[streaming-disabled] No.' })).toBe('[streaming-disabled] No.');
  });

  it('says fallbacks, statuses, attempts, finishes and unreadable events', () => {
    expect(fallbackText({ from: 'a', to: 'b', kind: 'rate_limit' })).toBe('[fallback] a failed (rate_limit); switching to b');
    expect(statusText({ status: 'running', workerId: 'w1', resumed: false })).toBe('▶ Started on worker w1');
    expect(statusText({ status: 'running', resumed: true })).toBe('▶ Resumed');
    expect(statusText({ status: 'failed', errorKind: 'auth', message: 'refused' })).toBe('■ Run failed (auth): refused');
    expect(statusText({ status: 'succeeded' })).toBe('■ Run succeeded');
    expect(attemptText({ attempt: 1, streamed: true })).toBeNull();
    expect(attemptText({ attempt: 2, streamed: false })).toBe('↻ attempt 2 (not streamed)');
    expect(finishText('tool_calls')).toBe('finish: tool_calls');
    expect(unreadableText('brand-new', 'unknown event type "brand-new"')).toBe(
      '[unreadable event] brand-new — unknown event type "brand-new"',
    );
  });
});
