import { describe, expect, it } from 'vitest';
import { call, detail } from '@/lib/cli/fixtures';
import { runUpdateOfSummary, type RunUpdate, type TurnSummary } from '@/lib/run-events/schema';
import { initialRunView, runViewReducer } from './run-view-reducer';

const running = detail({ status: 'running', finishedAt: null, turnCount: 1, inputTokens: 237, outputTokens: 51, costUsd: 0.0016 });
const start = () =>
  initialRunView({
    detail: { ...running, turns: running.turns.slice(0, 1), errorArtifacts: [] },
    events: [{ seq: 0, type: 'status', payload: { status: 'running' } }],
  });

/** The header's fields of the running fixture run after its second turn, with `changes`. */
const update = (changes: Partial<RunUpdate>): RunUpdate => ({
  ...runUpdateOfSummary(detail({ status: 'running', finishedAt: null }).run),
  ...changes,
});

const summary = (changes: Partial<TurnSummary>): TurnSummary => ({
  index: 1,
  status: 'failed',
  finishReason: 'error',
  startedAt: '2030-01-01T00:00:00.500Z',
  finishedAt: '2030-01-01T00:00:01.000Z',
  calls: [call({ turnIndex: 1, status: 'error', errorKind: 'server', httpStatus: 500 })],
  errorArtifacts: [
    {
      turnIndex: 1,
      kind: 'server',
      httpStatus: 500,
      file: 'turn_2.json',
      payload: { kind: 'server' },
      createdAt: '2030-01-01T00:00:01.000Z',
    },
  ],
  ...changes,
});

describe('runViewReducer', () => {
  it('keeps the header, the strips and the artifacts with the log: each change arrives as an event, in order', () => {
    let state = start();
    state = runViewReducer(state, { seq: 1, type: 'run-updated', payload: update({}) });
    state = runViewReducer(state, {
      seq: 2,
      type: 'turn-summary',
      payload: summary({ status: 'running', finishReason: null, finishedAt: null, errorArtifacts: [] }),
    });
    expect(state.detail.run).toMatchObject({ status: 'running', turnCount: 2, inputTokens: 678 });
    expect(state.detail.turns.map((turn) => [turn.index, turn.status])).toEqual([
      [0, 'succeeded'],
      [1, 'running'],
    ]);

    // The run's end: the failed turn, the row as it ended, then the status line — one reducer, one order.
    state = runViewReducer(state, { seq: 3, type: 'turn-summary', payload: summary({}) });
    state = runViewReducer(state, {
      seq: 4,
      type: 'run-updated',
      payload: update({ status: 'failed', finishedAt: '2030-01-01T00:00:01.100Z', errorCount: 1, errorKind: 'server' }),
    });
    const beforeStatus = state;
    state = runViewReducer(state, { seq: 5, type: 'status', payload: { status: 'failed', errorKind: 'server' } });
    expect(beforeStatus.detail.run).toMatchObject({ status: 'failed', errorCount: 1, finishedAt: '2030-01-01T00:00:01.100Z' });
    expect(state.detail).toBe(beforeStatus.detail);
    expect(state.transcript.blocks.at(-1)).toMatchObject({ kind: 'status', payload: { status: 'failed' } });
    expect(state.detail.turns.map((turn) => [turn.index, turn.status, turn.calls.length])).toEqual([
      [0, 'succeeded', 1],
      [1, 'failed', 1],
    ]);
    expect(state.detail.errorArtifacts.map((artifact) => artifact.file)).toEqual(['turn_2.json']);
    expect(state.transcript.lastSeq).toBe(5);
  });

  it('ignores an event delivered again, and one that does not read changes no row', () => {
    const state = runViewReducer(start(), { seq: 1, type: 'run-updated', payload: update({ turnCount: 2 }) });
    expect(runViewReducer(state, { seq: 1, type: 'run-updated', payload: update({ turnCount: 9 }) })).toBe(state);
    const damaged = runViewReducer(state, { seq: 2, type: 'run-updated', payload: { status: 'exploded' } });
    expect(damaged.detail).toBe(state.detail);
    expect(damaged.transcript.unreadable).toBe(1);
  });

  it('starts from the rows as read with the log, not from the events already in it', () => {
    const state = initialRunView({ detail: running, events: [{ seq: 0, type: 'run-updated', payload: update({ turnCount: 7 }) }] });
    expect(state.detail).toBe(running);
    expect(state.transcript.lastSeq).toBe(0);
  });
});
