// Scale-out (issue 16): 1,000 concurrent runs across 4 worker processes on this machine, each run
// followed by an SSE client on the console. The pieces are the concurrency bench's (live-streams.ts,
// queue-runs.ts, peak-rss.ts); what is its own is the count of workers and what it asks of them.
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { percentile } from '@/lib/store/provider-call-rows';
import { connectionsNeeded, CONNECTIONS_PER_PROCESS } from '../scripts/lib/worker-count.mjs';
import { REPORT, type BenchFigure, type PreparedBench } from './figure';
import { checkStreams, follow, listenForNotifies, round, spawnSimulator, spawnWorker, stopProcess } from './live-streams';
import { watchOwnLoad } from './own-load';
import { watchPeakRss } from './peak-rss';
import { queueRuns } from './queue-runs';
import { runsPerWorker } from './runs-per-worker';
import { deliveryFigures } from './stream-tally';

function wholeNumber(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: a whole number, 1 or more (got ${text})`);
  return value;
}

/** Runs per pass (BENCH_SCALE_OUT_RUNS, default 1,000) over this many `npm run worker` processes (BENCH_SCALE_OUT_WORKERS, default 4). */
export const SCALE_OUT_RUNS = wholeNumber('BENCH_SCALE_OUT_RUNS', 1_000);
export const SCALE_OUT_WORKERS = wholeNumber('BENCH_SCALE_OUT_WORKERS', 4);
const RUNS = SCALE_OUT_RUNS;
const WORKERS = SCALE_OUT_WORKERS;
/** Each worker's SWITCHBOARD_WORKER_CONCURRENCY: enough for all the runs to run at once (250 each). */
const PER_WORKER = Math.ceil(RUNS / WORKERS);
/** The workers start together, the first ones' runs slowing the last ones (48 s for 4 on a busy 2-core machine). */
const WORKER_START_TIMEOUT_MS = 300_000;
/** A pass that has not ended by then is cut off: its unfinished runs fail the runs-succeeded figure. */
const PASS_DEADLINE_MS = Math.max(600_000, RUNS * 1_800);

/**
 * The Postgres connections the bench needs at once: each worker, the console and the bench's own
 * process (its reads and NOTIFY listener) hold up to CONNECTIONS_PER_PROCESS (15) — 90 for 4 workers,
 * and with `npm start`'s headroom, 130: above Postgres' default of 100. bench/run.ts starts its
 * embedded server with this `max_connections`.
 */
export const SCALE_OUT_MAX_CONNECTIONS = connectionsNeeded(WORKERS + 1);

/** Fails before the pass, with what to do, when the database server cannot take the workers' connections. */
async function checkConnections(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: number; reserved: number; others: number }>(
      `SELECT current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int AS reserved,
              (SELECT count(*)::int FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND datname IS DISTINCT FROM current_database()) AS others`,
    );
    const { max, reserved, others } = rows[0]!;
    const needed = (WORKERS + 2) * CONNECTIONS_PER_PROCESS;
    const available = max - reserved - others;
    console.log(
      `[bench] scale-out: the database server allows ${max} connections (${reserved} reserved, ${others} used by other databases): ` +
        `${available} for the bench, which needs up to ${needed} (${WORKERS} workers, the console, the bench)`,
    );
    if (available < needed)
      throw new Error(
        `scale-out: the database server has room for ${available} connections, the bench needs ${needed}: ` +
          `unset DATABASE_URL (the bench's own server allows ${SCALE_OUT_MAX_CONNECTIONS}) or raise its max_connections`,
      );
  } finally {
    await client.end();
  }
}

/** Most connections to the bench's database at once, looked at every second. */
function watchConnections(db: Database) {
  let most = 0;
  const look = () =>
    db.$queryRaw<Array<{ count: number }>>`SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database()`
      .then(([row]) => void (most = Math.max(most, row?.count ?? 0)))
      .catch(() => undefined);
  const timer = setInterval(look, 1_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await look();
      return most;
    },
  };
}

/** Counts the SSE clients that are attached; `settled(streams)` resolves once all are, or once every stream has ended (a client that failed never attaches). */
function attachments(count: number) {
  let attached = 0;
  let resolve: () => void = () => undefined;
  const all = new Promise<void>((settle) => (resolve = settle));
  return {
    onAttached: () => {
      attached += 1;
      if (attached === count) resolve();
    },
    settled: (streams: Array<Promise<unknown>>) => Promise.race([all, Promise.all(streams)]),
    attached: () => attached,
  };
}

/**
 * Per pass: RUNS simulator runs (the concurrency bench's five-turn task, the four simulator profiles in
 * turn) queued through the console's POST /api/runs, an SSE client on the console following each
 * from before it starts, then WORKERS `npm run worker` processes started together, each running
 * PER_WORKER at once, so all the runs run at once; ONE simulator process shared by the workers (as
 * `npm start` runs it: SWITCHBOARD_SIMULATOR_URL), started fresh each pass (its quotas and cache empty).
 * Delay: as in the concurrency bench, RunEvent.createdAt (the conductor got the chunk) → the client has it.
 */
export async function prepareScaleOut(databaseUrl: string, base: string): Promise<PreparedBench> {
  await checkConnections(databaseUrl);
  return { pass: () => pass(databaseUrl, base) };
}

async function pass(databaseUrl: string, base: string): Promise<BenchFigure[]> {
  const db = createDatabase(databaseUrl);
  const abort = new AbortController();
  let simulator: ChildProcess | null = null;
  let listener: Awaited<ReturnType<typeof listenForNotifies>> | null = null;
  const workers: ChildProcess[] = [];
  try {
    simulator = await spawnSimulator();
    listener = await listenForNotifies(databaseUrl);
    const queueing = performance.now();
    const runIds = await queueRuns(base, RUNS);
    const queuedSeconds = (performance.now() - queueing) / 1000;
    const attaching = attachments(RUNS);
    const attachStarted = performance.now();
    const streams = runIds.map((runId) => follow(base, runId, abort.signal, attaching.onAttached));
    await attaching.settled(streams);
    const attachedSeconds = (performance.now() - attachStarted) / 1000;
    // As in the concurrency bench: a moment for the attached streams to have their first answer.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const connections = watchConnections(db);
    const started = performance.now();
    // Each spawn holds this process until the child has exec'd (100–300 ms apiece on a busy machine):
    // the bench's own load is watched from after them, before any run can start.
    const starting = Array.from({ length: WORKERS }, () => spawnWorker(databaseUrl, PER_WORKER, WORKER_START_TIMEOUT_MS));
    const ownLoad = watchOwnLoad();
    const spawned = await Promise.allSettled(starting);
    for (const outcome of spawned) if (outcome.status === 'fulfilled') workers.push(outcome.value);
    const failed = spawned.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const readySeconds = (performance.now() - started) / 1000;
    const pids = workers.map((worker) => worker.pid!);
    const rss = watchPeakRss(pids);
    const deadline = setTimeout(() => abort.abort(), PASS_DEADLINE_MS);
    const results = await Promise.all(streams);
    const seconds = (performance.now() - started) / 1000;
    clearTimeout(deadline);
    const { peaksMiB } = rss.stop();
    const client = ownLoad.stop();
    const mostConnections = await connections.stop();
    await Promise.all(workers.splice(0).map(stopProcess));

    const { lost, duplicated, reordered, unfinished, delays } = await checkStreams(db, results);
    const notifyDelays = await listener.delays(db, runIds);
    const runs = await db.run.findMany({ where: { id: { in: runIds } }, select: { workerId: true } });
    const spread = runsPerWorker(
      runs.map((run) => run.workerId),
      pids,
    );
    const turns = await db.turn.count({ where: { runId: { in: runIds }, status: 'succeeded' } });
    const rateLimited = await db.providerCall.count({ where: { runId: { in: runIds }, errorKind: 'rate_limit' } });
    console.log(
      `[bench] scale-out: ${RUNS} runs queued in ${queuedSeconds.toFixed(1)} s, their SSE clients attached in ${attachedSeconds.toFixed(1)} s` +
        `${attaching.attached() < RUNS ? ` (only ${attaching.attached()})` : ''}; ${WORKERS} workers ready in ${readySeconds.toFixed(1)} s; ` +
        `${turns} turns, ${delays.length} events in ${seconds.toFixed(1)} s; runs per worker ${spread.counts.join(' / ')}` +
        `${spread.elsewhere ? ` (${spread.elsewhere} by none of them)` : ''}; peak RSS ${peaksMiB.join(' / ')} MiB; ` +
        `the bench process: ${client.cores} cores, event-loop lag p99 ${client.loopDelayP99Ms} ms, max ${client.loopDelayMaxMs} ms`,
    );

    const name = `scale-out ${RUNS} on ${WORKERS} workers:`;
    return [
      ...deliveryFigures(name, RUNS, `${RUNS} runs × 5 turns, ${WORKERS} workers running up to ${PER_WORKER} at once each`, {
        lost,
        duplicated,
        reordered,
        unfinished,
      }),
      // Reported, not judged: the issue asks for this p95 to be reported; the 250 ms target is the one
      // worker's with 100 runs (the concurrency bench), on the same two cores ten times the work.
      { name: `${name} chunk → SSE client delay p50`, value: round(percentile(delays, 50)), unit: 'ms', target: REPORT },
      { name: `${name} chunk → SSE client delay p95`, value: round(percentile(delays, 95)), unit: 'ms', target: REPORT },
      {
        name: `${name} of which chunk → committed + NOTIFY p95 (worker side)`,
        value: round(percentile(notifyDelays, 95)),
        unit: 'ms',
        target: REPORT,
      },
      { name: `${name} events received`, value: delays.length, unit: 'events', target: REPORT },
      { name: `${name} workers started in`, value: round(readySeconds), unit: 's', target: REPORT },
      { name: `${name} all runs done in (from starting the workers)`, value: round(seconds), unit: 's', target: REPORT },
      { name: `${name} runs per worker, fewest`, value: Math.min(...spread.counts), unit: 'runs', target: REPORT },
      { name: `${name} runs per worker, most`, value: Math.max(...spread.counts), unit: 'runs', target: REPORT },
      ...peaksMiB.map((peak, index) => ({ name: `${name} worker ${index + 1} peak RSS`, value: peak, unit: 'MiB', target: REPORT })),
      { name: `${name} provider calls refused with 429`, value: rateLimited, unit: 'calls', target: REPORT },
      { name: `${name} database connections, most at once`, value: mostConnections, unit: 'connections', target: REPORT },
      // The SSE clients live in the bench's process: a busy or lagging loop there adds to every delay above.
      { name: `${name} bench process (the ${RUNS} SSE clients) CPU`, value: client.cores, unit: 'cores', target: REPORT },
      { name: `${name} bench process event-loop lag p99`, value: client.loopDelayP99Ms, unit: 'ms', target: REPORT },
    ];
  } finally {
    abort.abort(); // streams still open (a worker did not start) end here
    await Promise.all(workers.map(stopProcess));
    if (simulator) await stopProcess(simulator);
    await listener?.stop();
    await closeDatabase(db);
  }
}
