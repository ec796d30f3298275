import { percentile } from '@/lib/store/provider-call-rows';
import { closeDatabase, createDatabase } from '@/lib/store/database';
import { checkStreams, follow, listenForNotifies, round, spawnSimulator, spawnWorker, stopProcess } from './live-streams';
import { atMost, REPORT, type BenchFigure } from './figure';
import { watchPeakRss } from './peak-rss';
import { queueRuns } from './queue-runs';
import { deliveryFigures } from './stream-tally';

const RUNS = Number(process.env.BENCH_CONCURRENCY_RUNS ?? 100);
/** The worker's concurrency in each pass: all 100 at once, then 50, to see how the delay scales. */
const WORKER_CONCURRENCIES = (process.env.BENCH_WORKER_CONCURRENCY ?? `${RUNS},50`).split(',').map(Number);

/**
 * Per pass: 100 simulator runs (five turns each: four rounds of tool calls, then the answer; streamed; the
 * four simulator profiles in turn; the simulator in a process of its own, 25 ms between chunks) on ONE
 * `npm run worker` process running `concurrency` at once, each
 * followed by an SSE client on the console's GET /api/runs/[id]/events from before it starts.
 * Delay: RunEvent.createdAt — the moment the conductor got the chunk from the runtime (the first
 * chunk of merged text deltas), before batching, the database and the SSE hop — → the client has it.
 */
export async function benchConcurrency(databaseUrl: string, base: string): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const simulator = await spawnSimulator();
  try {
    for (const concurrency of WORKER_CONCURRENCIES) figures.push(...(await pass(databaseUrl, base, concurrency)));
  } finally {
    simulator.kill('SIGTERM');
  }
  return figures;
}

async function pass(databaseUrl: string, base: string, concurrency: number): Promise<BenchFigure[]> {
  const db = createDatabase(databaseUrl);
  const runIds = await queueRuns(base, RUNS);
  // A listener of our own splits the delay: chunk → committed + NOTIFY (the worker's side) and
  // NOTIFY → SSE client (the console's side).
  const listener = await listenForNotifies(databaseUrl);
  const abort = new AbortController();
  const streams = runIds.map((runId) => follow(base, runId, abort.signal));
  // Every client is attached (it has the queued run's first answer) before the worker starts.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const started = performance.now();
  const worker = await spawnWorker(databaseUrl, concurrency);
  const rss = watchPeakRss([worker.pid!]);
  const timeout = setTimeout(() => abort.abort(), 600_000);
  const results = await Promise.all(streams);
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timeout);
  const { peaksMiB, samples: rssSamples } = rss.stop();
  const rssMax = peaksMiB[0] ?? null;
  await stopProcess(worker);

  const { lost, duplicated, reordered, unfinished, delays } = await checkStreams(db, results);
  const notifyDelays = await listener.delays(db, runIds);
  await listener.stop();
  const turns = await db.turn.count({ where: { runId: { in: runIds }, status: 'succeeded' } });
  const toolCalls = await db.toolCall.count({ where: { runId: { in: runIds } } });
  await closeDatabase(db);
  const p95 = percentile(delays, 95);
  console.log(
    `[bench] concurrency ${concurrency}: ${RUNS} runs, ${turns} turns, ${toolCalls} tool calls, ${delays.length} events in ${seconds.toFixed(1)} s; ${rssSamples} RSS samples`,
  );
  const name = `concurrency ${concurrency}:`;
  return [
    ...deliveryFigures(name, RUNS, `${RUNS} runs × 5 turns, one worker running ${concurrency} at once`, {
      lost,
      duplicated,
      reordered,
      unfinished,
    }),
    { name: `${name} chunk → SSE client delay p50`, value: round(percentile(delays, 50)), unit: 'ms', target: REPORT },
    { name: `${name} chunk → SSE client delay p95`, value: round(p95), unit: 'ms', target: atMost(250) },
    {
      name: `${name} of which chunk → committed + NOTIFY p95 (worker side)`,
      value: round(percentile(notifyDelays, 95)),
      unit: 'ms',
      target: REPORT,
    },
    { name: `${name} events received`, value: delays.length, unit: 'events', target: REPORT },
    { name: `${name} all runs done in`, value: Math.round(seconds * 10) / 10, unit: 's', target: REPORT },
    { name: `${name} worker peak RSS`, value: rssMax, unit: 'MiB', target: REPORT },
  ];
}
