// Shared by the benches that watch runs live as a browser does (concurrency, scale-out, comparison):
// the simulator and workers in processes of their own, an SSE client per run on the console, and a
// NOTIFY listener that splits each event's delay into the worker's side and the console's.
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { parseSse } from '@/lib/runs/sse';
import type { Database } from '@/lib/store/database';
import { RUN_EVENTS_CHANNEL } from '@/lib/store/run-event-writer';
import { waitForOutput } from '@/test/wait-for-output';
import { tallyStreams, type StreamResult, type StreamTally } from './stream-tally';

export type { StreamResult } from './stream-tally';

/**
 * One browser's view of a run: GET /api/runs/[id]/events until `event: end`, every seq and its delay.
 * `onAttached`: called once the console answered (the stream is open), before any event.
 */
export async function follow(base: string, runId: string, signal: AbortSignal, onAttached?: () => void): Promise<StreamResult> {
  const result: StreamResult = { runId, seqs: [], delays: [], end: null, error: null };
  try {
    const response = await fetch(`${base}/api/runs/${runId}/events`, { signal, headers: { accept: 'text/event-stream' } });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    onAttached?.();
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const receivedAt = Date.now();
      buffer += decoder.decode(value, { stream: true });
      const cut = buffer.lastIndexOf('\n\n');
      if (cut < 0) continue;
      const complete = buffer.slice(0, cut + 2);
      buffer = buffer.slice(cut + 2);
      for (const message of parseSse(complete)) {
        if (message.event === 'end') {
          result.end = (JSON.parse(message.data) as { status: string | null }).status;
          return result;
        }
        if (message.id === null) continue; // `event: run` status changes carry no id
        const data = JSON.parse(message.data) as { seq: number; createdAt: string };
        result.seqs.push(data.seq);
        result.delays.push(receivedAt - Date.parse(data.createdAt));
      }
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

export const SIMULATOR_PORT = 4317;

/**
 * The provider stand-in runs in a process of its own, as a real provider is not in the worker:
 * the worker's CPU goes to the runs, not to serving their streams.
 */
export function spawnSimulator(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulator.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(SIMULATOR_PORT), HOST: '127.0.0.1', SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS: '25' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForOutput(child, 'listening', 'simulator');
}

/**
 * `BENCH_CPU_PROFILE=<folder>`: each worker writes a V8 CPU profile there when it stops (open it in
 * Chrome's DevTools or summarise it with `node bench/profile-summary.mjs <file>`).
 */
function cpuProfileFlags(): string[] {
  const folder = process.env.BENCH_CPU_PROFILE;
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
}

/** An `npm run worker` process; `startTimeoutMs`: how long it may take to say it is running (several starting at once take longer). */
export function spawnWorker(databaseUrl: string, concurrency: number, startTimeoutMs = 60_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...cpuProfileFlags(), '--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SWITCHBOARD_WORKER_CONCURRENCY: String(concurrency),
      SWITCHBOARD_LOG_LEVEL: 'warn',
      SWITCHBOARD_SIMULATOR_URL: `http://127.0.0.1:${SIMULATOR_PORT}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForOutput(child, 'running', 'worker', startTimeoutMs);
}

/** Stops a spawned process and waits until it has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A listener of our own on the run-event channel: when each NOTIFY (per run, up to which seq) arrived. */
export async function listenForNotifies(databaseUrl: string) {
  const listener = new pg.Client({ connectionString: databaseUrl });
  listener.on('error', () => undefined); // the database going away at the end is not a failure of the bench
  await listener.connect();
  const notices = new Map<string, Array<{ lastSeq: number; at: number }>>();
  listener.on('notification', (message) => {
    const { runId, lastSeq } = JSON.parse(message.payload ?? '{}') as { runId: string; lastSeq: number };
    (notices.get(runId) ?? notices.set(runId, []).get(runId)!).push({ lastSeq, at: Date.now() });
  });
  await listener.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
  return {
    stop: () => listener.end(),
    /** Chunk (RunEvent.createdAt) → committed + NOTIFY received, per event of these runs: the worker's side of the delay. */
    async delays(db: Database, runIds: string[]): Promise<number[]> {
      const delays: number[] = [];
      for (const runId of runIds) {
        const arrivals = notices.get(runId) ?? [];
        for (const event of await db.runEvent.findMany({ where: { runId }, select: { seq: true, createdAt: true } })) {
          const notice = arrivals.find((arrival) => arrival.lastSeq >= event.seq);
          if (notice) delays.push(notice.at - event.createdAt.getTime());
        }
      }
      return delays;
    },
  };
}

/** What the SSE clients saw against what was committed: events lost, duplicated, out of order; runs that did not end well; every delay. */
export async function checkStreams(db: Database, results: StreamResult[]): Promise<StreamTally> {
  const counts = await db.runEvent.groupBy({
    by: ['runId'],
    where: { runId: { in: results.map((result) => result.runId) } },
    _count: { _all: true },
  });
  return tallyStreams(results, new Map(counts.map((row) => [row.runId, row._count._all])));
}

export const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
