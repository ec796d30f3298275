import { describe, expect, it } from 'vitest';
import { waitUntil } from '@/test/wait-until';
import { startJobSlots, type SlotQueue } from './job-slots';

/** A queue in memory that records what the slots asked of it. */
function fakeQueue(ids: string[]) {
  const waiting = [...ids];
  const fetches: number[] = [];
  const completed: string[] = [];
  const failed: { id: string; message: string }[] = [];
  const queue: SlotQueue<{ id: string }> = {
    async fetch(_name, { batchSize }) {
      fetches.push(batchSize);
      return waiting.splice(0, batchSize).map((id) => ({ id, data: { id } }));
    },
    async complete(_name, id) {
      completed.push(id);
    },
    async fail(_name, id, data) {
      failed.push({ id, message: (data as { message: string }).message });
    },
  };
  return { queue, waiting, fetches, completed, failed };
}

/** Handlers that finish when told to. */
function heldJobs() {
  const finish = new Map<string, (error?: Error) => void>();
  const handle = ({ id }: { id: string }) =>
    new Promise<void>((resolve, reject) => finish.set(id, (error) => (error ? reject(error) : resolve())));
  return { finish, handle };
}

const noErrors = (error: Error) => {
  throw error;
};

describe('startJobSlots', () => {
  it('fills every free slot with one fetch, and a slot that frees fetches again at once', async () => {
    const { queue, waiting, fetches, completed } = fakeQueue(['a', 'b', 'c', 'd', 'e']);
    const { finish, handle } = heldJobs();
    // A poll longer than the test: only a freed slot can fetch in time.
    const slots = startJobSlots({ queue, name: 'q', slots: 3, pollMs: 60_000, handle, onError: noErrors });
    await waitUntil('three jobs running', () => finish.size === 3, 15_000);
    expect(fetches).toEqual([3]);
    expect(slots.running).toBe(3);
    finish.get('b')!();
    await waitUntil('the freed slot to take the next job', () => finish.has('d'), 15_000);
    expect(completed).toEqual(['b']);
    expect(fetches).toEqual([3, 1]);
    expect(waiting).toEqual(['e']);
    for (const id of ['a', 'c', 'd']) finish.get(id)!();
    await waitUntil('the last job', () => finish.has('e'), 15_000);
    finish.get('e')!();
    await slots.stop({ timeoutMs: 1_000, reason: 'stopped' });
    expect(completed.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a slot that frees while a fetch is in flight is asked for at once after it, not at the next poll', async () => {
    const { queue, fetches } = fakeQueue(['a', 'b']);
    const { finish, handle } = heldJobs();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The second fetch (for the slot job a frees) answers only when told to; job b ends meanwhile.
    const slow: SlotQueue<{ id: string }> = {
      ...queue,
      fetch: async (name, options) => {
        const answer = await queue.fetch(name, options);
        if (fetches.length === 2) await held;
        return answer;
      },
    };
    // A poll longer than the test: only a freed slot can make the poller fetch in time.
    const slots = startJobSlots({ queue: slow, name: 'q', slots: 2, pollMs: 60_000, handle, onError: noErrors });
    await waitUntil('jobs a and b', () => finish.size === 2, 15_000);
    finish.get('a')!();
    await waitUntil('the fetch for the slot a freed', () => fetches.length === 2, 15_000);
    finish.get('b')!();
    await waitUntil('job b completed', () => slots.running === 0, 15_000);
    release();
    await waitUntil('a fetch for both free slots', () => fetches.length === 3, 15_000);
    expect(fetches).toEqual([2, 1, 2]);
    await slots.stop({ timeoutMs: 1_000, reason: 'stopped' });
  });

  it('polls once per interval for all its slots while the queue is empty', async () => {
    const { queue, fetches } = fakeQueue([]);
    const started = Date.now();
    const slots = startJobSlots({ queue, name: 'q', slots: 100, pollMs: 50, handle: async () => undefined, onError: noErrors });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await slots.stop({ timeoutMs: 1_000, reason: 'stopped' });
    // One poller: a fetch per 50 ms at most (a hundred pollers would have sent a hundred times as many).
    expect(fetches.length).toBeGreaterThanOrEqual(1);
    expect(fetches.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 50) + 1);
    expect(new Set(fetches)).toEqual(new Set([100]));
  });

  it('fails a job whose handler throws, with its message, and goes on', async () => {
    const { queue, completed, failed } = fakeQueue(['bad', 'good']);
    const slots = startJobSlots({
      queue,
      name: 'q',
      slots: 1,
      pollMs: 10,
      handle: async ({ id }) => {
        if (id === 'bad') throw new Error('the run could not start');
      },
      onError: noErrors,
    });
    await waitUntil('both jobs', () => completed.length + failed.length === 2, 15_000);
    await slots.stop({ timeoutMs: 1_000, reason: 'stopped' });
    expect(failed).toEqual([{ id: 'bad', message: 'the run could not start' }]);
    expect(completed).toEqual(['good']);
  });

  it('stops fetching at stop, waits for running jobs, and fails those still running after the timeout', async () => {
    const { queue, fetches, completed, failed } = fakeQueue(['quick', 'slow', 'queued']);
    const { finish, handle } = heldJobs();
    const slots = startJobSlots({ queue, name: 'q', slots: 2, pollMs: 10, handle, onError: noErrors });
    await waitUntil('two jobs running', () => finish.size === 2, 15_000);
    const stopped = slots.stop({ timeoutMs: 300, reason: 'the worker stopped while the run was active' });
    finish.get('quick')!();
    await stopped;
    expect(fetches).toEqual([2]);
    expect(completed).toEqual(['quick']);
    expect(failed).toEqual([{ id: 'slow', message: 'the worker stopped while the run was active' }]);
  });

  it('reports a fetch that fails and tries again at the next poll', async () => {
    const { queue, completed } = fakeQueue(['a']);
    let failures = 1;
    const errors: string[] = [];
    const flaky: SlotQueue<{ id: string }> = {
      ...queue,
      fetch: (name, options) => (failures-- > 0 ? Promise.reject(new Error('connection lost')) : queue.fetch(name, options)),
    };
    const slots = startJobSlots({
      queue: flaky,
      name: 'q',
      slots: 1,
      pollMs: 10,
      handle: async () => undefined,
      onError: (error) => errors.push(error.message),
    });
    await waitUntil('the job after the failed fetch', () => completed.length === 1, 15_000);
    await slots.stop({ timeoutMs: 1_000, reason: 'stopped' });
    expect(errors).toEqual(['connection lost']);
  });
});
