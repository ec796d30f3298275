import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium, type Response } from '@playwright/test';
import { closeDatabase, createDatabase } from '@/lib/store/database';
import { finishedSimulatorRun } from '@/test/finished-simulator-run';
import { chromiumLaunchOptions } from '@/e2e/support/chromium';
import { atMost, exactly, REPORT, type BenchFigure, type PreparedBench } from './figure';

/** kB of gzipped JavaScript (1 kB = 1000 bytes) per targeted route; /telemetry includes recharts. */
const TARGET_KB: Record<string, number> = { '/runs/[id]': 250, '/telemetry': 300 };

/** The bytes a script cost on the wire: as transferred when compressed, else gzipped here (level 6, as Next). */
async function transferredBytes(response: Response): Promise<number> {
  const encoding = response.headers()['content-encoding'];
  if (encoding === 'gzip' || encoding === 'br' || encoding === 'deflate') {
    const sizes = await response.request().sizes();
    return sizes.responseBodySize;
  }
  return gzipSync(await response.body(), { level: 6 }).length;
}

/**
 * /telemetry loads its chart code only when its default window (24 h) has provider calls; a
 * database without any (BENCH_ONLY=page-weight on a fresh one) gets a day of demo runs first.
 */
async function ensureTelemetryData(databaseUrl: string): Promise<void> {
  const db = createDatabase(databaseUrl);
  const recent = await db.providerCall.count({ where: { startedAt: { gte: new Date(Date.now() - 86_400_000) } } });
  await closeDatabase(db);
  if (recent > 0) return;
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', 'scripts/seed-demo.ts', '--runs', '300', '--days', '1'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'ignore',
    },
  );
  if (seeded.status !== 0) throw new Error(`seeding demo runs for /telemetry exited with ${seeded.status}`);
}

/**
 * First-load JavaScript per route of the built console, as a browser gets it: each route opened
 * in Chromium with an empty cache, every script response until the network is idle (chunks that
 * hydration and charts load included), summed at its gzipped transfer size. Prepared once: a
 * finished run for /runs/[id], a day of runs for /telemetry.
 */
export async function preparePageWeight(databaseUrl: string, base: string): Promise<PreparedBench> {
  const db = createDatabase(databaseUrl);
  let run = await db.run.findFirst({ where: { status: 'succeeded' }, orderBy: { createdAt: 'desc' }, select: { id: true } });
  if (!run) {
    run = await db.run.create({ data: finishedSimulatorRun('page weight'), select: { id: true } });
  }
  await closeDatabase(db);
  await ensureTelemetryData(databaseUrl);
  const runId = run.id;
  return { pass: () => weighPages(base, runId) };
}

async function weighPages(base: string, runId: string): Promise<BenchFigure[]> {
  const routes: [string, string][] = [
    ['/', '/'],
    ['/runs', '/runs'],
    ['/runs/new', '/runs/new'],
    ['/runs/[id]', `/runs/${runId}`],
    ['/telemetry', '/telemetry'],
    ['/providers', '/providers'],
    ['/alerts', '/alerts'],
    ['/login', '/login'],
  ];
  const browser = await chromium.launch(chromiumLaunchOptions);
  const figures: BenchFigure[] = [];
  const loaded: string[] = [];
  let answered = 0;
  try {
    for (const [route, path] of routes) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const scripts: Response[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.push(response);
      });
      const answer = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      let bytes = 0;
      for (const response of scripts) bytes += await transferredBytes(response);
      await context.close();
      const status = answer?.status() ?? 0;
      if (status === 200) answered += 1;
      loaded.push(`${route} ${scripts.length} scripts${status === 200 ? '' : ` (HTTP ${status})`}`);
      const target = TARGET_KB[route];
      figures.push({
        name: `page weight: ${route} first-load JS, gzipped`,
        value: Math.round(bytes / 100) / 10,
        unit: 'kB',
        target: target === undefined ? REPORT : atMost(target),
      });
    }
  } finally {
    await browser.close();
  }
  console.log(`[bench] page weight: ${loaded.join(', ')}`);
  figures.push({ name: 'page weight: routes answering HTTP 200', value: answered, unit: 'routes', target: exactly(routes.length) });
  return figures;
}
