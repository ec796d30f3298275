import { describe, expect, it } from 'vitest';
import { exactly } from './figure';
import { deliveryFigures, tallyStreams, type StreamResult } from './stream-tally';

const stream = (runId: string, seqs: number[], end: string | null = 'succeeded', error: string | null = null): StreamResult => ({
  runId,
  seqs,
  delays: seqs.map((seq) => seq * 10),
  end,
  error,
});

describe('tallyStreams', () => {
  it('counts nothing wrong when every client received every committed event once, in order', () => {
    const tally = tallyStreams(
      [stream('a', [0, 1, 2]), stream('b', [0, 1])],
      new Map([
        ['a', 3],
        ['b', 2],
      ]),
    );
    expect(tally).toEqual({ lost: 0, duplicated: 0, reordered: 0, unfinished: 0, delays: [0, 10, 20, 0, 10] });
  });

  it('counts each committed event a client missed as lost, and each extra copy as duplicated', () => {
    const tally = tallyStreams([stream('a', [0, 2, 2, 4])], new Map([['a', 6]]));
    expect(tally).toMatchObject({ lost: 3, duplicated: 1, reordered: 1 });
  });

  it('counts a stream that went back as reordered once, however often it did', () => {
    expect(tallyStreams([stream('a', [1, 0, 3, 2])], new Map([['a', 4]]))).toMatchObject({ lost: 0, duplicated: 0, reordered: 1 });
  });

  it('counts runs that did not succeed or whose stream failed as unfinished', () => {
    const tally = tallyStreams(
      [stream('a', [0], 'failed'), stream('b', [0], null, 'HTTP 503'), stream('c', [0], 'succeeded', 'terminated'), stream('d', [0])],
      new Map([
        ['a', 1],
        ['b', 1],
        ['c', 1],
        ['d', 1],
      ]),
    );
    expect(tally.unfinished).toBe(3);
  });

  it('treats a run with no committed events as having nothing to lose', () => {
    expect(tallyStreams([stream('a', [])], new Map())).toMatchObject({ lost: 0, unfinished: 0 });
  });
});

describe('deliveryFigures', () => {
  it('judges every run succeeded and no event lost, duplicated or reordered, in every pass', () => {
    const [succeeded, delivered] = deliveryFigures('scale-out:', 10, '10 runs', { lost: 1, duplicated: 2, reordered: 0, unfinished: 3 });
    expect(succeeded).toMatchObject({ name: 'scale-out: runs succeeded (10 runs)', value: 7, unit: 'runs' });
    expect(succeeded!.target).toEqual(exactly(10));
    expect(delivered).toMatchObject({ value: 3, unit: 'events' });
    expect(delivered!.target).toEqual(exactly(0));
  });
});
