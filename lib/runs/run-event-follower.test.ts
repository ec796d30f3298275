import { describe, expect, it } from 'vitest';
import { followRunEvents, type LiveStreamState } from './run-event-follower';
import type { RunEventRecord } from '@/lib/run-events/schema';

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
  events(...seqs: number[]) {
    for (const seq of seqs) this.emit('text-delta', { seq, type: 'text-delta', payload: { text: `w${seq}` } });
  }
  /** A connection error (refused, cut, or ended without `end`): no data. */
  fail() {
    this.emit('error');
  }
}

const OPEN_TIMEOUT_MS = 60_000;
const STEADY_MS = 10_000;

function harness(after = -1) {
  const sources: FakeSource[] = [];
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const seen: RunEventRecord[] = [];
  const states: LiveStreamState[] = [];
  const stop = followRunEvents({
    url: (from) => `/api/runs/r/events?after=${from}`,
    after,
    open: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    onEvent: (event) => seen.push(event),
    onState: (state) => states.push(state),
    backoff: { baseMs: 1000, capMs: 8000, random: () => 1 },
    openTimeoutMs: OPEN_TIMEOUT_MS,
    steadyMs: STEADY_MS,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => void ((timer as { cancelled: boolean }).cancelled = true),
  });
  const current = () => sources.at(-1)!;
  const reconnects = () => timers.filter((timer) => timer.ms !== OPEN_TIMEOUT_MS && timer.ms !== STEADY_MS);
  /** Fires the pending reconnect; returns its delay. */
  const elapse = () => {
    const timer = reconnects().at(-1)!;
    expect(timer.cancelled).toBe(false);
    timer.run();
    return timer.ms;
  };
  return { sources, reconnects, timers, seen, states, stop, current, elapse, seqs: () => seen.map((event) => event.seq) };
}

describe('followRunEvents', () => {
  it('reconnects by itself after the stream is cut and refused (a restarting database), with growing delays, resuming after the last seq, each event once', () => {
    const live = harness(1);
    expect(live.current().url).toBe('/api/runs/r/events?after=1');
    live.current().emit('open');
    live.current().events(2, 3, 4);
    live.current().fail(); // the stream is cut

    expect(live.current().closed).toBe(true);
    expect(live.states.at(-1)).toBe('reconnecting');
    const delays = [live.elapse()];
    expect(live.current().url).toBe('/api/runs/r/events?after=4');
    // 500 / 503 while the database is down: EventSource is CLOSED and would never try again.
    for (let refused = 0; refused < 4; refused++) {
      live.current().fail();
      expect(live.states.at(-1)).toBe('reconnecting');
      delays.push(live.elapse());
      expect(live.current().url).toBe('/api/runs/r/events?after=4');
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);

    live.current().emit('open');
    expect(live.states.at(-1)).toBe('live');
    live.current().events(4, 5, 6); // an overlap is dropped, not shown twice
    live.current().emit('run-updated', { seq: 7, type: 'run-updated', payload: { status: 'succeeded' } });
    live.current().emit('status', { seq: 8, type: 'status', payload: { status: 'succeeded' } });
    live.current().emit('end', { status: 'succeeded' });

    expect(live.seqs()).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(live.states[0]).toBe('connecting');
    expect(live.states.at(-1)).toBe('ended');
    expect(live.current().closed).toBe(true);
    expect(live.sources).toHaveLength(6);
  });

  it('starts the backoff over once a new stream delivers or stays open, not merely opens', () => {
    const live = harness();
    live.current().fail();
    expect(live.elapse()).toBe(1000);
    live.current().emit('open'); // answers, then drops before sending anything
    live.current().fail();
    expect(live.elapse()).toBe(2000);
    live.current().emit('open');
    live.current().events(0);
    live.current().fail();
    expect(live.elapse()).toBe(1000);

    // A queued run's stream has nothing to say for a while: open for STEADY_MS, it works.
    live.current().fail();
    expect(live.elapse()).toBe(2000);
    live.current().emit('open');
    live.timers
      .filter((timer) => timer.ms === STEADY_MS)
      .at(-1)!
      .run();
    live.current().fail();
    expect(live.elapse()).toBe(1000);
  });

  it('an `error` RunEvent is an event, not a lost connection', () => {
    const live = harness();
    live.current().emit('error', { seq: 0, type: 'error', payload: { kind: 'rate_limit' } });
    expect(live.seqs()).toEqual([0]);
    expect(live.reconnects()).toHaveLength(0);
    expect(live.sources).toHaveLength(1);
  });

  it('does not reconnect after `end`, and stop() closes the stream and cancels a pending reconnect', () => {
    const ended = harness();
    ended.current().emit('end', { status: 'failed' });
    ended.current().fail();
    expect(ended.reconnects()).toHaveLength(0);
    expect(ended.states.at(-1)).toBe('ended');

    const stopped = harness();
    stopped.current().fail();
    stopped.stop();
    expect(stopped.reconnects()[0]!.cancelled).toBe(true);
    const open = harness();
    open.stop();
    expect(open.current().closed).toBe(true);
    open.current().fail();
    expect(open.reconnects()).toHaveLength(0);
    expect(open.timers.every((timer) => timer.cancelled)).toBe(true);
  });

  it('gives up on a stream that does not open in time (a request the server never answers) and tries again', () => {
    const live = harness(5);
    const openTimer = live.timers.find((timer) => timer.ms === OPEN_TIMEOUT_MS)!;
    openTimer.run();
    expect(live.sources[0]!.closed).toBe(true);
    expect(live.states.at(-1)).toBe('reconnecting');
    live.elapse();
    expect(live.current().url).toBe('/api/runs/r/events?after=5');
    live.current().emit('open');
    expect(live.timers.filter((timer) => timer.ms === OPEN_TIMEOUT_MS).at(-1)!.cancelled).toBe(true);
  });

  it('skips a malformed message and goes on', () => {
    const live = harness();
    live.current().emit('text-delta', 'not json');
    live.current().emit('text-delta', { type: 'text-delta' });
    live.current().events(0);
    expect(live.seqs()).toEqual([0]);
  });
});
