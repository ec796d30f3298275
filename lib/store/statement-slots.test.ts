import { describe, expect, it } from 'vitest';
import { Slots } from './statement-slots';

/** A task that runs until `finish` is called, recording when it started. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return {
    task: () => {
      started.push(name);
      return done;
    },
    finish,
    fail,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Slots', () => {
  it('runs at most its size at once; the others start in the order they came, as slots free, a failed task freeing its slot too', async () => {
    const slots = new Slots(2);
    const started: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = [a!, b!, c!, d!].map((task) => slots.run(task.task).catch((error: Error) => error.message));
    await settle();
    expect(started).toEqual(['a', 'b']);
    b!.fail(new Error('b failed'));
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    a!.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    c!.finish();
    d!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b failed', 'c', 'd']);
    // All slots are free again.
    const after = [gate(started, 'e'), gate(started, 'f')];
    const again = after.map((task) => slots.run(task.task));
    await settle();
    expect(started.slice(4)).toEqual(['e', 'f']);
    after.forEach((task) => task.finish());
    await Promise.all(again);
  });
});
