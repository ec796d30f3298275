import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parseSse } from '@/lib/runs/sse';
import { percentile } from '@/lib/store/provider-call-rows';
import { createDatabase } from '@/lib/store/database';
import { RUN_EVENTS_CHANNEL } from '@/lib/store/run-event-writer';
import { waitForOutput } from '@/test/wait-for-output';
import type { BenchFigure } from './report';

const RUNS = Number(process.env.BENCH_CONCURRENCY_RUNS ?? 100);
/** The worker's concurrency in each pass: all 100 at once, then 50, to see how the delay scales. */
const WORKER_CONCURRENCIES = (process.env.BENCH_WORKER_CONCURRENCY ?? `${RUNS},50`).split(',').map(Number);
const PROFILES = ['simulator-chat', 'simulator-anthropic', 'simulator-responses', 'simulator-openrouter'];

type StreamResult = { runId: string; seqs: number[]; delays: number[]; end: string | null; error: string | null };

/** One browser's view of a run: GET /api/runs/[id]/events until `event: end`, every seq and its delay. */
async function follow(base: string, runId: string, signal: AbortSignal): Promise<StreamResult> {
  const result: StreamResult = { runId, seqs: [], delays: [], end: null, error: null };
  try {
    const response = await fetch(`${base}/api/runs/${runId}/events`, { signal, headers: { accept: 'text/event-stream' } });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
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

const SIMULATOR_PORT = 4317;

/**
 * The provider stand-in runs in a process of its own, as a real provider is not in the worker:
 * the worker's CPU goes to the runs, not to serving their streams.
 */
function spawnSimulator(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulator.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(SIMULATOR_PORT), HOST: '127.0.0.1', SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS: '25' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForOutput(child, 'listening', 'simulator');
}

function spawnWorker(databaseUrl: string, concurrency: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
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
  return waitForOutput(child, 'running', 'worker');
}

/** Peak resident set of a process (the kernel's high-water mark), in MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kib / 1024);
}

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
  const runIds: string[] = [];
  for (let index = 0; index < RUNS; index++) {
    const response = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        profileName: PROFILES[index % PROFILES.length],
        task: `Bench run ${index}: list_files, then report. [[tool-rounds:4]]`,
        options: { tools: ['list_files', 'read_file'], maxTurns: 8 },
      }),
    });
    if (response.status !== 201) throw new Error(`POST /api/runs: ${response.status} ${await response.text()}`);
    runIds.push(((await response.json()) as { runId: string }).runId);
  }
  // A listener of our own splits the delay: chunk → committed + NOTIFY (the worker's side) and
  // NOTIFY → SSE client (the console's side).
  const listener = new pg.Client({ connectionString: databaseUrl });
  listener.on('error', () => undefined); // the database going away at the end is not a failure of the pass
  await listener.connect();
  const notices = new Map<string, Array<{ lastSeq: number; at: number }>>();
  listener.on('notification', (message) => {
    const { runId, lastSeq } = JSON.parse(message.payload ?? '{}') as { runId: string; lastSeq: number };
    (notices.get(runId) ?? notices.set(runId, []).get(runId)!).push({ lastSeq, at: Date.now() });
  });
  await listener.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
  const abort = new AbortController();
  const streams = runIds.map((runId) => follow(base, runId, abort.signal));
  // Every client is attached (it has the queued run's first answer) before the worker starts.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const started = performance.now();
  const worker = await spawnWorker(databaseUrl, concurrency);
  let rssSamples = 0;
  let rssMax = 0;
  const sampler = setInterval(() => {
    try {
      rssMax = Math.max(rssMax, peakRssMiB(worker.pid!));
      rssSamples += 1;
    } catch {
      // the worker is gone
    }
  }, 250);
  const timeout = setTimeout(() => abort.abort(), 600_000);
  const results = await Promise.all(streams);
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timeout);
  clearInterval(sampler);
  rssMax = Math.max(rssMax, peakRssMiB(worker.pid!));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;

  let lost = 0;
  let duplicated = 0;
  let reordered = 0;
  let unfinished = 0;
  const delays: number[] = [];
  for (const result of results) {
    const committed = await db.runEvent.count({ where: { runId: result.runId } });
    const unique = new Set(result.seqs);
    duplicated += result.seqs.length - unique.size;
    for (let seq = 0; seq < committed; seq++) if (!unique.has(seq)) lost += 1;
    const ordered = result.seqs.every((seq, index) => index === 0 || seq > result.seqs[index - 1]!);
    if (!ordered) reordered += 1;
    if (result.end !== 'succeeded' || result.error) unfinished += 1;
    delays.push(...result.delays);
  }
  await listener.end();
  const notifyDelays: number[] = [];
  for (const runId of runIds) {
    const arrivals = notices.get(runId) ?? [];
    for (const event of await db.runEvent.findMany({ where: { runId }, select: { seq: true, createdAt: true } })) {
      const notice = arrivals.find((arrival) => arrival.lastSeq >= event.seq);
      if (notice) notifyDelays.push(notice.at - event.createdAt.getTime());
    }
  }
  const turns = await db.turn.count({ where: { runId: { in: runIds }, status: 'succeeded' } });
  const toolCalls = await db.toolCall.count({ where: { runId: { in: runIds } } });
  await db.$disconnect();
  const p95 = percentile(delays, 95);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  console.log(
    `[bench] concurrency ${concurrency}: ${RUNS} runs, ${turns} turns, ${toolCalls} tool calls, ${delays.length} events in ${seconds.toFixed(1)} s; ${rssSamples} RSS samples`,
  );
  const name = `concurrency ${concurrency}:`;
  return [
    {
      name: `${name} runs succeeded (${RUNS} runs × 5 turns, one worker running ${concurrency} at once)`,
      value: RUNS - unfinished,
      unit: 'runs',
      target: `= ${RUNS}`,
      pass: unfinished === 0,
    },
    {
      name: `${name} events lost, duplicated or out of order over SSE (seq check per run)`,
      value: lost + duplicated + reordered,
      unit: 'events',
      target: '= 0',
      pass: lost + duplicated + reordered === 0,
    },
    { name: `${name} chunk → SSE client delay p50`, value: round(percentile(delays, 50)), unit: 'ms', target: 'report', pass: true },
    { name: `${name} chunk → SSE client delay p95`, value: round(p95), unit: 'ms', target: '≤ 250', pass: p95 !== null && p95 <= 250 },
    {
      name: `${name} of which chunk → committed + NOTIFY p95 (worker side)`,
      value: round(percentile(notifyDelays, 95)),
      unit: 'ms',
      target: 'report',
      pass: true,
    },
    { name: `${name} events received`, value: delays.length, unit: 'events', target: 'report', pass: delays.length > 0 },
    { name: `${name} all runs done in`, value: Math.round(seconds * 10) / 10, unit: 's', target: 'report', pass: true },
    { name: `${name} worker peak RSS`, value: rssMax, unit: 'MiB', target: 'report', pass: true },
  ];
}
