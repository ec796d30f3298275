// `npm run bench`: measures against the simulator and a real Postgres (DATABASE_URL, or an
// embedded one of its own), prints each figure beside its target, writes bench/results/latest.json.
// BENCH_ONLY=concurrency,page-weight runs only those (names below); the results then go to
// bench/results/only-<names>.json, leaving the full run's latest.json alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMigratedDatabase, startTestServer } from '../scripts/lib/test-database.mjs';
import { benchComparison } from './comparison';
import { benchConcurrency } from './concurrency';
import { startConsole, type ConsoleHandle } from './console';
import { benchIngest } from './ingest';
import { benchPages } from './pages';
import { benchPageWeight } from './page-weight';
import { benchRuntimeOverhead } from './runtime-overhead';
import { benchTelemetryScale } from './telemetry-scale';
import { printTable, type BenchFigure } from './report';

type Context = { databaseUrl: string; console: () => Promise<ConsoleHandle> };

const BENCHES: { name: string; title: string; run: (context: Context) => Promise<BenchFigure[]> }[] = [
  { name: 'runtime-overhead', title: 'runtime overhead', run: () => benchRuntimeOverhead() },
  { name: 'ingest', title: 'ingest', run: ({ databaseUrl }) => benchIngest(databaseUrl) },
  {
    name: 'telemetry-scale',
    title: 'telemetry at scale (1,000,000 provider calls)',
    run: ({ databaseUrl }) => benchTelemetryScale(databaseUrl),
  },
  { name: 'pages', title: 'pages (seeding 10,000 runs, starting the console)', run: ({ databaseUrl }) => benchPages(databaseUrl) },
  {
    name: 'concurrency',
    title: 'concurrency (100 runs on one worker, an SSE client each, on the console)',
    run: async ({ databaseUrl, console }) => benchConcurrency(databaseUrl, (await console()).base),
  },
  {
    name: 'comparison',
    title: 'comparison (6 profiles live on one worker, followed on the comparison stream; its page with 6 runs × 20 turns, in Chromium)',
    run: async ({ databaseUrl, console }) => benchComparison(databaseUrl, (await console()).base),
  },
  {
    name: 'page-weight',
    title: 'page weight (first-load JS per route, in Chromium)',
    run: async ({ databaseUrl, console }) => benchPageWeight(databaseUrl, (await console()).base),
  },
];

async function main() {
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length)
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${BENCHES.map((bench) => bench.name).join(', ')})`);
  const selected = only.length ? BENCHES.filter((bench) => only.includes(bench.name)) : BENCHES;

  const server = await startTestServer();
  const database = await createMigratedDatabase(server.url, 'switchboard_bench');
  const figures: BenchFigure[] = [];
  // One console (no in-process worker) for the benches that need it, started on first use.
  let consoleHandle: Promise<ConsoleHandle> | null = null;
  const context: Context = { databaseUrl: database.url, console: () => (consoleHandle ??= startConsole(database.url, 3391)) };
  try {
    for (const bench of selected) {
      console.log(`[bench] ${bench.title} …`);
      figures.push(...(await bench.run(context)));
    }
  } finally {
    if (consoleHandle) (await (consoleHandle as Promise<ConsoleHandle>).catch(() => null))?.stop();
    await database.drop();
    await server.stop();
  }
  printTable(figures);
  const dir = join(process.cwd(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = only.length ? `only-${only.join('-')}.json` : 'latest.json';
  writeFileSync(join(dir, file), JSON.stringify({ measuredAt: new Date().toISOString(), figures }, null, 2));
  console.log(`\nwritten to bench/results/${file} (${figures.filter((f) => f.target !== 'report' && !f.pass).length} miss(es))`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
