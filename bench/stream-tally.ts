// What the SSE clients saw against what was committed, counted: pure, so it is tested without a
// database (bench/live-streams.ts reads the committed counts).
import { exactly, type BenchFigure } from './figure';

/** One browser's view of a run: every seq it received in order, each one's delay, and how the stream ended. */
export type StreamResult = { runId: string; seqs: number[]; delays: number[]; end: string | null; error: string | null };

export type StreamTally = {
  /** Committed events (seq 0 up to the run's count) that a client never received. */
  lost: number;
  /** Events a client received more than once. */
  duplicated: number;
  /** Streams that received a seq after a higher one. */
  reordered: number;
  /** Runs whose stream did not end with `succeeded`, or ended in an error. */
  unfinished: number;
  /** Every event's delay, chunk → client, over all streams. */
  delays: number[];
};

/** `committed`: each run's number of committed RunEvents (seqs 0 … n−1); a run missing from it has none. */
export function tallyStreams(results: StreamResult[], committed: ReadonlyMap<string, number>): StreamTally {
  const tally: StreamTally = { lost: 0, duplicated: 0, reordered: 0, unfinished: 0, delays: [] };
  for (const result of results) {
    const unique = new Set(result.seqs);
    tally.duplicated += result.seqs.length - unique.size;
    const count = committed.get(result.runId) ?? 0;
    for (let seq = 0; seq < count; seq++) if (!unique.has(seq)) tally.lost += 1;
    const ordered = result.seqs.every((seq, index) => index === 0 || seq > result.seqs[index - 1]!);
    if (!ordered) tally.reordered += 1;
    if (result.end !== 'succeeded' || result.error) tally.unfinished += 1;
    for (const delay of result.delays) tally.delays.push(delay);
  }
  return tally;
}

/**
 * The two figures a live bench judges in every pass: every run succeeded, and no event was lost,
 * duplicated or out of order. `runs`: how many were started; `how`: what they were, for the name.
 */
export function deliveryFigures(name: string, runs: number, how: string, tally: Omit<StreamTally, 'delays'>): BenchFigure[] {
  return [
    { name: `${name} runs succeeded (${how})`, value: runs - tally.unfinished, unit: 'runs', target: exactly(runs) },
    {
      name: `${name} events lost, duplicated or out of order over SSE (seq check per run)`,
      value: tally.lost + tally.duplicated + tally.reordered,
      unit: 'events',
      target: exactly(0),
    },
  ];
}
