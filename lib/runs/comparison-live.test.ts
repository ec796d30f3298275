import { describe, expect, it } from 'vitest';
import { detail, events } from '@/lib/cli/fixtures';
import type { RunEventRecord } from '@/lib/run-events/schema';
import { changesAlignedView, comparisonLiveReducer, currentTurnOf, initialComparisonLive } from './comparison-live';
import { initialTranscript, replayTranscript } from './transcript-reducer';

const record = (seq: number, type: string, payload: unknown): RunEventRecord => ({
  seq,
  type,
  payload,
  createdAt: '2030-01-01T00:00:00.000Z',
});

describe('currentTurnOf', () => {
  it("a column shows the run's last turn: its text, tool calls and notices, not the turns before", () => {
    const all = events();
    const turn = currentTurnOf(replayTranscript(all));
    expect(turn).toMatchObject({
      index: 1,
      profile: 'simulator-anthropic',
      model: 'sim-claude',
      text: 'The folder is empty.',
      streaming: false,
    });
    expect(turn.tools).toEqual([]);
    expect(turn.notes.map((note) => note.text)).toEqual([
      '[streaming-disabled] Your organization must be verified to stream this model.',
      '↻ attempt 2 (not streamed)',
    ]);

    // Mid-turn 0: thinking first, then text streaming and a tool call running.
    expect(currentTurnOf(replayTranscript(all.slice(0, 5)))).toMatchObject({ index: 0, text: '', thinking: true, streaming: false });
    expect(currentTurnOf(replayTranscript(all.slice(0, 6))).thinking).toBe(false);
    // Mid-turn 0: text streaming, a tool call running.
    const first = currentTurnOf(replayTranscript(all.slice(0, 8)));
    expect(first).toMatchObject({ index: 0, text: "I'll use the list_files tool.", streaming: true });
    expect(first.tools).toEqual([{ key: '7', name: 'list_files', phase: 'running', ok: null }]);
  });

  it('before any turn: nothing yet; a failed run says why', () => {
    expect(currentTurnOf(initialTranscript)).toMatchObject({ index: null, text: '', tools: [], notes: [] });
    const failed = replayTranscript([
      record(0, 'turn-start', { index: 0, turnId: 't', profile: 'p', model: 'm', fallback: false }),
      record(1, 'text-delta', { text: 'Half' }),
      record(2, 'error', { kind: 'rate_limit', status: 429, hint: 'Wait for the quota to refill.' }),
      record(3, 'status', { status: 'failed', errorKind: 'rate_limit' }),
    ]);
    const turn = currentTurnOf(failed);
    expect(turn).toMatchObject({ text: 'Half', streaming: false, cut: 'failed' });
    expect(turn.notes.map((note) => [note.error, note.text])).toEqual([
      [true, expect.stringMatching(/^\[provider-error\] .*Wait for the quota to refill\.$/)],
      [true, '■ Run failed (rate_limit)'],
    ]);
  });
});

describe('comparisonLiveReducer', () => {
  it('feeds each event to its own run’s reducer, ignores other runs, and records each end', () => {
    const a = detail({ id: 'a', status: 'running' });
    const b = detail({ id: 'b', status: 'queued' });
    let state = initialComparisonLive([
      { run: a.run, events: [] },
      { run: b.run, events: [] },
    ]);
    const all = events();
    for (const event of all.slice(0, 8))
      state = comparisonLiveReducer(state, { type: 'event', runId: 'a', event: { ...event, createdAt: '' } });
    state = comparisonLiveReducer(state, { type: 'event', runId: 'b', event: record(0, 'run-updated', { ...b.run, status: 'running' }) });
    const unknown = comparisonLiveReducer(state, { type: 'event', runId: 'z', event: record(0, 'text-delta', { text: 'x' }) });
    expect(unknown).toBe(state);
    // A re-delivered event changes nothing.
    expect(comparisonLiveReducer(state, { type: 'event', runId: 'a', event: { ...all[3]!, createdAt: '' } })).toBe(state);

    expect(currentTurnOf(state.runs.a!.transcript).text).toBe("I'll use the list_files tool.");
    expect(state.runs.b!.run.status).toBe('running');
    expect(state.runs.b!.transcript.blocks).toEqual([]);
    state = comparisonLiveReducer(state, { type: 'run-end', runId: 'a', status: 'succeeded' });
    expect(state.ended).toEqual({ a: 'succeeded' });
  });

  it('the aligned view is refreshed on a turn summary or a run update, not on every delta', () => {
    expect(['turn-summary', 'run-updated', 'text-delta', 'status'].map((type) => changesAlignedView({ type }))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
