import pg from 'pg';
import { simulatorBaseURL, SIMULATOR_API_KEY } from '@/lib/config/runtime-config';
import { executeCall } from '@/lib/providers/core/execute';
import { providerRuntimes } from '@/lib/providers/registry';
import { startSimulator } from '@/lib/simulator';
import { closeDatabase, createDatabase } from '@/lib/store/database';
import { RUN_EVENTS_CHANNEL, RunEventWriter } from '@/lib/store/run-event-writer';
import { percentile } from '@/lib/store/provider-call-rows';
import { atLeast, atMost, REPORT, type BenchFigure } from './figure';

async function newRun(db: ReturnType<typeof createDatabase>) {
  return db.run.create({
    data: { task: 'bench', profileName: 'bench', provider: 'simulator', runtime: 'openai-chat', model: 'sim-gpt', profile: {} },
  });
}

/** Raw ingest: distinct (non-coalescing) events from 20 concurrent runs, batched by the writer. */
async function eventsPerSecond(databaseUrl: string): Promise<number> {
  const db = createDatabase(databaseUrl);
  const runs = await Promise.all(Array.from({ length: 20 }, () => newRun(db)));
  const perRun = 5_000;
  const started = performance.now();
  await Promise.all(
    runs.map(async (run) => {
      const writer = await RunEventWriter.open(db, run.id, { maxBatch: 500 });
      for (let i = 0; i < perRun; i++) {
        if (i % 2) writer.append('tool-result', { id: `bench-${i}`, name: 'bench', ok: true, result: { note: 'bench event' } });
        else writer.append('usage', { usage: { inputTokens: i, outputTokens: 1 } });
        if (i % 500 === 499) await writer.flush();
      }
      await writer.close();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await closeDatabase(db);
  return (runs.length * perRun) / seconds;
}

/** Simulator chunk received by the runtime → its RunEvent committed and NOTIFY delivered to a listener. */
async function chunkToNotify(databaseUrl: string): Promise<number[]> {
  const db = createDatabase(databaseUrl);
  const sim = await startSimulator({ chunkDelayMs: 5 });
  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  await listener.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
  const delays: number[] = [];
  const pending = new Map<string, { seq: number; at: number }[]>();
  listener.on('notification', (message) => {
    const now = performance.now();
    const { runId, lastSeq } = JSON.parse(message.payload ?? '{}') as { runId: string; lastSeq: number };
    const queue = pending.get(runId) ?? [];
    while (queue.length && queue[0]!.seq <= lastSeq) delays.push(now - queue.shift()!.at);
  });
  const runtime = providerRuntimes.get('openai-chat');
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      const run = await newRun(db);
      const writer = await RunEventWriter.open(db, run.id);
      const queue: { seq: number; at: number }[] = [];
      pending.set(run.id, queue);
      let seq = 0;
      const call = executeCall(
        runtime,
        { runtime: 'openai-chat', apiKey: SIMULATOR_API_KEY, baseURL: simulatorBaseURL(sim.url, 'openai-chat') },
        {
          model: 'sim-gpt',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'A long answer please. [[words:600]]' }] }],
          stream: true,
        },
      );
      for (let next = await call.next(); !next.done; next = await call.next()) {
        // A type that never coalesces, so that every chunk is its own row (deltas would merge).
        writer.append('finish', { finishReason: next.value.type });
        queue.push({ seq: seq++, at: performance.now() });
      }
      await writer.close();
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  await listener.end();
  await sim.close();
  await closeDatabase(db);
  return delays;
}

export async function benchIngest(databaseUrl: string): Promise<BenchFigure[]> {
  const rate = await eventsPerSecond(databaseUrl);
  const delays = await chunkToNotify(databaseUrl);
  return [
    {
      name: 'ingest: RunEvents persisted per second (20 runs, batched)',
      value: Math.round(rate),
      unit: 'events/s',
      target: atLeast(20_000),
    },
    { name: 'ingest: chunk → NOTIFY p50', value: round(percentile(delays, 50)), unit: 'ms', target: REPORT },
    { name: 'ingest: chunk → NOTIFY p95', value: round(percentile(delays, 95)), unit: 'ms', target: atMost(50) },
    { name: 'ingest: chunks measured', value: delays.length, unit: 'chunks', target: REPORT },
  ];
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
