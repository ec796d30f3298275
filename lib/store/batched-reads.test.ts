import { describe, expect, it } from 'vitest';
import { BatchedReads } from './batched-reads';

/** A load that answers when told to, recording what each load was asked. */
function controlledLoad() {
  const loads: { requests: number[]; finish: (error?: Error) => void }[] = [];
  const load = (requests: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      loads.push({ requests, finish: (error) => (error ? reject(error) : resolve(requests.map((request) => `answer ${request}`))) });
    });
  return { loads, load };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedReads', () => {
  it('answers the requests of one turn of the event loop with one load, each caller its own answer', async () => {
    const { loads, load } = controlledLoad();
    const reads = new BatchedReads(load);
    const answers = Promise.all([1, 2, 3].map((request) => reads.read(request)));
    await nextTurn();
    expect(loads.map((each) => each.requests)).toEqual([[1, 2, 3]]);
    loads[0]!.finish();
    expect(await answers).toEqual(['answer 1', 'answer 2', 'answer 3']);
  });

  it('runs at most maxInFlight loads; what arrives meanwhile waits and goes together in the next', async () => {
    const { loads, load } = controlledLoad();
    const reads = new BatchedReads(load, 1);
    const first = reads.read(1);
    await nextTurn();
    const later = [reads.read(2), reads.read(3)];
    await nextTurn();
    const last = reads.read(4);
    await nextTurn();
    expect(loads.map((each) => each.requests)).toEqual([[1]]);
    loads[0]!.finish();
    expect(await first).toBe('answer 1');
    await nextTurn();
    expect(loads.map((each) => each.requests)).toEqual([[1], [2, 3, 4]]);
    loads[1]!.finish();
    expect(await Promise.all([...later, last])).toEqual(['answer 2', 'answer 3', 'answer 4']);
  });

  it('a failed load fails its own callers only', async () => {
    const { loads, load } = controlledLoad();
    const reads = new BatchedReads(load, 2);
    const failing = [reads.read(1), reads.read(2)];
    await nextTurn();
    const other = reads.read(3);
    await nextTurn();
    expect(loads.map((each) => each.requests)).toEqual([[1, 2], [3]]);
    loads[0]!.finish(new Error('connection lost'));
    loads[1]!.finish();
    for (const read of failing) await expect(read).rejects.toThrow('connection lost');
    expect(await other).toBe('answer 3');
  });
});
