// `npm run bench`: measures against the simulator and a real Postgres (DATABASE_URL, or an
// embedded one of its own), prints each figure beside its target, writes bench/results/latest.json.
// Each bench measures several passes (its default below; BENCH_PASSES=N for all): a figure is the
// median of its passes, shown with its spread, and marked when a pass ran under load (bench/README.md).
// BENCH_ONLY=concurrency,page-weight runs only those (names below); the results then go to
// bench/results/only-<names>.json, leaving the full run's latest.json alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMigratedDatabase, startTestServer } from '../scripts/lib/test-database.mjs';
import { benchColdStart } from './cold-start';
import { prepareComparison } from './comparison';
import { benchConcurrency } from './concurrency';
import { startConsole, type ConsoleHandle } from './console';
import type { BenchFigure, PreparedBench } from './figure';
import { benchIngest } from './ingest';
import { readMachine, watchPass, type PassLoad } from './load-monitor';
import { preparePages } from './pages';
import { preparePageWeight } from './page-weight';
import { prepareRetention } from './retention';
import { formatLoadFootnote, formatMachine, formatPassLoad, formatTable, LEGEND, type BenchLoad } from './report';
import { benchRuntimeOverhead } from './runtime-overhead';
import { prepareScaleOut, SCALE_OUT_MAX_CONNECTIONS, SCALE_OUT_RUNS, SCALE_OUT_WORKERS } from './scale-out';
import { summarizePasses, type FigureSummary } from './summary';
import { prepareTelemetryScale } from './telemetry-scale';

/** What the benches share, made on first use (the cold-start bench needs neither). */
type Context = {
  database: () => Promise<string>;
  console: () => Promise<ConsoleHandle>;
  /**
   * A database of the bench's own on the same server, dropped after the bench: for a history of
   * millions of rows that the other benches should neither see nor pay for.
   */
  ownDatabase: () => Promise<string>;
};

type Bench = { name: string; title: string; passes: number; prepare: (context: Context) => Promise<PreparedBench> };

/** A bench whose passes need nothing prepared. */
const each = (pass: () => Promise<BenchFigure[]>): PreparedBench => ({ pass });

const BENCHES: Bench[] = [
  { name: 'runtime-overhead', title: 'runtime overhead', passes: 3, prepare: async () => each(benchRuntimeOverhead) },
  {
    name: 'ingest',
    title: 'ingest',
    passes: 5,
    prepare: async ({ database }) => {
      const url = await database();
      return each(() => benchIngest(url));
    },
  },
  {
    name: 'telemetry-scale',
    title: 'telemetry at scale (BENCH_TELEMETRY_CALLS provider calls, default 10,000,000, over half a year)',
    passes: 5,
    prepare: async ({ ownDatabase }) => prepareTelemetryScale(await ownDatabase()),
  },
  {
    name: 'pages',
    title: 'pages (BENCH_PAGES_RUNS runs, default 1,000,000, over half a year; the console on them)',
    passes: 5,
    prepare: async ({ ownDatabase }) => preparePages(await ownDatabase()),
  },
  {
    name: 'concurrency',
    title: 'concurrency (100 runs on one worker, an SSE client each, on the console)',
    passes: 3,
    prepare: async ({ database, console }) => {
      const [url, { base }] = await Promise.all([database(), console()]);
      return each(() => benchConcurrency(url, base));
    },
  },
  {
    name: 'scale-out',
    title: `scale-out (${SCALE_OUT_RUNS.toLocaleString('en')} runs at once across ${SCALE_OUT_WORKERS} npm run worker processes sharing one simulator, an SSE client each, on the console)`,
    passes: 3,
    prepare: async ({ database, console }) => {
      const [url, { base }] = await Promise.all([database(), console()]);
      return prepareScaleOut(url, base);
    },
  },
  {
    name: 'comparison',
    title: 'comparison (6 profiles live on one worker, followed on the comparison stream; its page with 6 runs × 20 turns, in Chromium)',
    passes: 3,
    prepare: async ({ database, console }) => prepareComparison(await database(), (await console()).base),
  },
  {
    name: 'page-weight',
    title: 'page weight (first-load JS per route, in Chromium)',
    passes: 3,
    prepare: async ({ database, console }) => preparePageWeight(await database(), (await console()).base),
  },
  {
    name: 'retention',
    title: 'retention (months of runs with every row of theirs; each pass SWITCHBOARD_RETENTION_DAYS removes the oldest)',
    passes: 3,
    prepare: async ({ database }) => prepareRetention(await database()),
  },
  {
    name: 'cold-start',
    title: 'cold start (a fresh clone of HEAD: npm start until the console answers, Ctrl-C, npm start again)',
    passes: 3,
    prepare: async () => each(benchColdStart),
  },
];

function passesOverride(): number | null {
  const text = process.env.BENCH_PASSES?.trim();
  if (!text) return null;
  const passes = Number(text);
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`BENCH_PASSES: a whole number of passes, 1 or more (got ${text})`);
  return passes;
}

/** One bench: prepared once, then measured `passes` times, the machine watched around each pass. */
async function runBench(bench: Bench, passes: number, context: Context, databaseNames: () => string[]) {
  console.log(`[bench] ${bench.title} (${passes} pass${passes === 1 ? '' : 'es'}) …`);
  const before = await readMachine();
  console.log(`[bench]   machine before: ${formatMachine(before)}`);
  const preparing = await watchPass(databaseNames);
  const prepared = await bench.prepare(context);
  const prepare = await preparing.stop();
  const once = prepared.once ?? [];
  if (once.length) console.log(`[bench]   prepared in ${formatPassLoad(prepare)}`);
  const figures: BenchFigure[][] = [];
  const loads: PassLoad[] = [];
  try {
    for (let pass = 1; pass <= passes; pass++) {
      const watching = await watchPass(databaseNames);
      figures.push(await prepared.pass());
      const load = await watching.stop();
      loads.push(load);
      console.log(`[bench]   pass ${pass}/${passes}: ${formatPassLoad(load)}`);
    }
  } finally {
    await prepared.close?.();
  }
  const after = await readMachine();
  console.log(`[bench]   machine after: ${formatMachine(after)}`);
  const summaries: FigureSummary[] = [
    ...summarizePasses([once], [prepare.underLoad]),
    ...summarizePasses(
      figures,
      loads.map((load) => load.underLoad),
    ),
  ];
  const load: BenchLoad = { name: bench.name, before, after, ...(once.length ? { prepare } : {}), passes: loads };
  return { summaries, load };
}

async function main() {
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length)
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${BENCHES.map((bench) => bench.name).join(', ')})`);
  const selected = only.length ? BENCHES.filter((bench) => only.includes(bench.name)) : BENCHES;
  const override = passesOverride();

  const figures: FigureSummary[] = [];
  const loads: BenchLoad[] = [];
  // One database server, one database on it and one console (no in-process worker) on that, for the
  // benches that need them; a bench's own databases on the same server, dropped after it.
  type Server = Awaited<ReturnType<typeof startTestServer>>;
  type OwnedDatabase = Awaited<ReturnType<typeof createMigratedDatabase>>;
  const opened: { server?: Promise<Server>; database?: Promise<OwnedDatabase>; console?: Promise<ConsoleHandle> } = {};
  const databases: OwnedDatabase[] = [];
  let owned: OwnedDatabase[] = [];
  // Room for the scale-out bench's workers, the console and the bench at once (Postgres' default of 100 is not).
  const server = () => (opened.server ??= startTestServer({ maxConnections: SCALE_OUT_MAX_CONNECTIONS }));
  const database = async () => {
    const handle = await (opened.database ??= server().then((started) => createMigratedDatabase(started.url, 'switchboard_bench')));
    if (!databases.includes(handle)) databases.push(handle);
    return handle.url;
  };
  const ownDatabase = async () => {
    const handle = await createMigratedDatabase((await server()).url, 'switchboard_bench_own');
    owned.push(handle);
    return handle.url;
  };
  const context: Context = { database, ownDatabase, console: () => (opened.console ??= database().then((url) => startConsole(url, 3391))) };
  try {
    for (const bench of selected) {
      try {
        const names = () => [...databases, ...owned].map((handle) => handle.name);
        const { summaries, load } = await runBench(bench, override ?? bench.passes, context, names);
        figures.push(...summaries);
        loads.push(load);
      } finally {
        for (const handle of owned) await handle.drop();
        owned = [];
      }
    }
  } finally {
    (await opened.console?.catch(() => null))?.stop();
    for (const handle of databases) await handle.drop();
    await (await opened.server?.catch(() => null))?.stop();
  }
  console.log('');
  for (const line of [...formatTable(figures), '', LEGEND, ...formatLoadFootnote(loads)]) console.log(line);
  const dir = join(process.cwd(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = only.length ? `only-${only.join('-')}.json` : 'latest.json';
  writeFileSync(join(dir, file), JSON.stringify({ measuredAt: new Date().toISOString(), figures, machine: loads }, null, 2));
  const misses = figures.filter((figure) => !figure.pass).length;
  const loaded = figures.filter((figure) => figure.underLoad.length).length;
  console.log(`\nwritten to bench/results/${file} (${misses} miss(es)${loaded ? `, ${loaded} figure(s) measured under load` : ''})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
