// `npm run bench`: measures against the simulator and a real Postgres (DATABASE_URL, or an
// embedded one of its own), prints each figure beside its target, writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMigratedDatabase, startTestServer } from '../scripts/lib/test-database.mjs';
import { benchIngest } from './ingest';
import { benchPages } from './pages';
import { benchRuntimeOverhead } from './runtime-overhead';
import { benchTelemetryScale } from './telemetry-scale';
import { printTable, type BenchFigure } from './report';

async function main() {
  const server = await startTestServer();
  const database = await createMigratedDatabase(server.url, 'switchboard_bench');
  const figures: BenchFigure[] = [];
  try {
    console.log('[bench] runtime overhead …');
    figures.push(...(await benchRuntimeOverhead()));
    console.log('[bench] ingest …');
    figures.push(...(await benchIngest(database.url)));
    console.log('[bench] telemetry at scale (1,000,000 provider calls) …');
    figures.push(...(await benchTelemetryScale(database.url)));
    console.log('[bench] pages (seeding 10,000 runs, starting the console) …');
    figures.push(...(await benchPages(database.url)));
  } finally {
    await database.drop();
    await server.stop();
  }
  printTable(figures);
  const dir = join(process.cwd(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ measuredAt: new Date().toISOString(), figures }, null, 2));
  console.log(`\nwritten to bench/results/latest.json (${figures.filter((f) => f.target !== 'report' && !f.pass).length} miss(es))`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
