import { describe, expect, it } from 'vitest';
import { followComparisonEvents } from './comparison-event-follower';
import type { LiveStreamState } from './event-stream-follower';

/** An EventSource stand-in: the test plays the server. */
class FakeSource {
  closed = false;
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data?: unknown) {
    const event = data === undefined ? { type } : { type, data: typeof data === 'string' ? data : JSON.stringify(data) };
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  delta(runId: string, seq: number) {
    this.emit('text-delta', { runId, seq, type: 'text-delta', payload: { text: `${runId}${seq}` }, createdAt: '2030-01-01T00:00:00.000Z' });
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const seen: [string, number][] = [];
  const ended: [string, string | null][] = [];
  const states: LiveStreamState[] = [];
  followComparisonEvents({
    url: (cursor) => `/api/comparisons/c/events?after=${cursor}`,
    members: [
      { runId: 'a', after: 4 },
      { runId: 'b', after: -1 },
    ],
    open: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    onEvent: (runId, event) => {
      expect(Object.keys(event).sort()).toEqual(['createdAt', 'payload', 'seq', 'type']);
      seen.push([runId, event.seq]);
    },
    onRunEnd: (runId, status) => ended.push([runId, status]),
    onState: (state) => states.push(state),
    backoff: { baseMs: 1000, capMs: 8000, random: () => 1 },
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => void ((timer as { cancelled: boolean }).cancelled = true),
  });
  const current = () => sources.at(-1)!;
  const reconnect = () =>
    timers
      .filter((timer) => timer.ms === 1000 || timer.ms === 2000)
      .at(-1)!
      .run();
  return { sources, seen, ended, states, current, reconnect };
}

describe('followComparisonEvents', () => {
  it('delivers each member’s events once and in order, and reconnects after every member’s last seq', () => {
    const live = harness();
    expect(live.current().url).toBe('/api/comparisons/c/events?after=4.-1');
    live.current().emit('open');
    live.current().delta('a', 4); // already had
    live.current().delta('a', 5);
    live.current().delta('b', 0);
    live.current().delta('b', 1);
    live.current().delta('z', 0); // not a member
    live.current().emit('text-delta', 'not json');
    live.current().emit('text-delta', { seq: 9, type: 'text-delta', payload: {} }); // no run
    live.current().emit('error'); // the connection dropped
    expect(live.states.at(-1)).toBe('reconnecting');
    live.reconnect();
    expect(live.current().url).toBe('/api/comparisons/c/events?after=5.1');
    live.current().delta('b', 1); // an overlap
    live.current().delta('b', 2);
    live.current().emit('run-end', { runId: 'b', status: 'succeeded' });
    live.current().emit('run-end', { runId: 'z', status: 'failed' });
    live.current().delta('a', 6);
    live.current().emit('run-end', { runId: 'a', status: 'failed' });
    live.current().emit('end', { statuses: { a: 'failed', b: 'succeeded' } });

    expect(live.seen).toEqual([
      ['a', 5],
      ['b', 0],
      ['b', 1],
      ['b', 2],
      ['a', 6],
    ]);
    expect(live.ended).toEqual([
      ['b', 'succeeded'],
      ['a', 'failed'],
    ]);
    expect(live.states.at(-1)).toBe('ended');
    expect(live.current().closed).toBe(true);
  });

  it('an `error` run event is an event, not a lost connection', () => {
    const live = harness();
    live.current().emit('error', { runId: 'b', seq: 0, type: 'error', payload: { kind: 'rate_limit' } });
    expect(live.seen).toEqual([['b', 0]]);
    expect(live.sources).toHaveLength(1);
  });
});
