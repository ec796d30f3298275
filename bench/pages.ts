import { PrismaPg } from '@prisma/adapter-pg';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { chromiumLaunchOptions } from '@/e2e/support/chromium';
import { listRuns, parseRunListParams, runListNavigation } from '@/lib/runs/list-runs';
import { PrismaClient } from '@/lib/store/generated/prisma/client';
import { percentile } from '@/lib/store/provider-call-rows';
import { startConsole } from './console';
import { explainSlowest, type LoggedQuery } from './explain';
import { atMost, below, type BenchFigure, type PreparedBench } from './figure';
import { countFromEnv, seedHistory, seedingFigures } from './seed-history';

/** The size: the runs list at 1,000,000 runs (BENCH_PAGES_RUNS for a smaller one while developing). */
const RUNS = countFromEnv('BENCH_PAGES_RUNS', 1_000_000);
/** Requests per view and pass, after WARM_UP that warm the server (a console just started compiles and caches on its first requests). */
const REQUESTS = 30;
const WARM_UP = 3;
/** The target for the first page of the runs list, p95. */
const FIRST_PAGE_MS = 300;

/** The runs list as people open it: unfiltered, and by the filters of its form (query strings of /runs and /api/runs). */
const VIEWS: ReadonlyArray<{ name: string; query: () => string }> = [
  { name: 'first page', query: () => '' },
  { name: 'status=failed', query: () => '?status=failed' },
  { name: 'provider=anthropic', query: () => '?provider=anthropic' },
  { name: 'model=claude-sonnet-4-5', query: () => '?model=claude-sonnet-4-5' },
  { name: 'errorKind=rate_limit', query: () => '?errorKind=rate_limit' },
  // The form's "Calls in the last 24h" (what the telemetry charts link to as well): runs by their provider calls.
  { name: 'calls in the last 24h', query: () => `?from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}` },
];

type ViewTimes = { name: string; query: string; html: number[]; api: number[] };

/**
 * Seeds RUNS runs with their turns, calls and error artifacts over half a year (once, timed:
 * bench/seed-history.ts) and starts the console on them; each pass times the runs list as a browser
 * gets it — GET /runs (the server-rendered page, whole) and GET /api/runs, unfiltered and in each
 * view, p95 of REQUESTS each — then /runs and /telemetry in Chromium. The slowest view is explained
 * at the end (EXPLAIN ANALYZE of the statement of its list and pager the server took longest over).
 */
export async function preparePages(databaseUrl: string): Promise<PreparedBench> {
  const history = await seedHistory(databaseUrl, { runs: RUNS });
  const { base, stop } = await startConsole(databaseUrl, 3390);
  const slowest = { view: VIEWS[0]!, query: '', ms: 0 };
  return {
    once: seedingFigures('pages', history),
    async pass() {
      const views = await timeViews(base);
      for (const view of views) {
        const ms = percentile(view.html, 95)!;
        if (ms > slowest.ms) Object.assign(slowest, { view: VIEWS.find((entry) => entry.name === view.name)!, query: view.query, ms });
      }
      return [...viewFigures(views), ...(await timeInChromium(base))];
    },
    async close() {
      stop();
      await explainView(databaseUrl, slowest.view.name, slowest.query, slowest.ms);
    },
  };
}

async function timed(url: string, check: (body: string) => boolean): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept: url.includes('/api/') ? 'application/json' : 'text/html' } });
  const body = await response.text();
  const ms = performance.now() - started;
  if (!response.ok || !check(body)) throw new Error(`GET ${url}: ${response.status} ${body.slice(0, 200)}`);
  return ms;
}

/** Each view REQUESTS times after WARM_UP, its page and its API answer in turn (one request at a time: the latency a person waits). */
async function timeViews(base: string): Promise<ViewTimes[]> {
  const views: ViewTimes[] = [];
  for (const view of VIEWS) {
    const query = view.query();
    const times: ViewTimes = { name: view.name, query, html: [], api: [] };
    // A page lists its runs as rows; the API answers JSON with a `runs` array (a view may be empty, and still answers).
    const page = () => timed(`${base}/runs${query}`, (body) => body.includes('data-testid="runs-count"'));
    const api = () => timed(`${base}/api/runs${query}`, (body) => Array.isArray((JSON.parse(body) as { runs?: unknown }).runs));
    for (let i = 0; i < WARM_UP; i++) {
      await page();
      await api();
    }
    for (let i = 0; i < REQUESTS; i++) {
      times.html.push(await page());
      times.api.push(await api());
    }
    views.push(times);
  }
  return views;
}

function viewFigures(views: ViewTimes[]): BenchFigure[] {
  const runs = RUNS.toLocaleString('en');
  return views.flatMap((view) => [
    {
      name: `pages: GET /runs, ${view.name}, at ${runs} runs (p95 of ${REQUESTS})`,
      value: Math.round(percentile(view.html, 95)!),
      unit: 'ms',
      target: atMost(FIRST_PAGE_MS),
    },
    {
      name: `pages: GET /api/runs, ${view.name}, at ${runs} runs (p95 of ${REQUESTS})`,
      value: Math.round(percentile(view.api, 95)!),
      unit: 'ms',
      target: atMost(FIRST_PAGE_MS),
    },
  ]);
}

/** /runs and /telemetry loaded (and charted) in Chromium, p95 of 5 after one that warms the server. */
async function timeInChromium(base: string): Promise<BenchFigure[]> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const measure = async (path: string, ready: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const started = performance.now();
        await page.goto(`${base}${path}`, { waitUntil: 'load' });
        await ready();
        if (i > 0) times.push(performance.now() - started); // the first load warms the server
      }
      return times;
    };
    const runs = await measure('/runs', () => page.locator('tr[data-run-id]').first().waitFor());
    // Charted: recharts has drawn every chart (it loads after hydration): no placeholder is left, and
    // the five time-series charts that always have data (quota headroom too when samples exist) are drawn.
    const telemetry = await measure('/telemetry?window=30d', () =>
      page.waitForFunction(
        () =>
          document.querySelectorAll('[data-hydrated] [data-chart-placeholder]').length === 0 &&
          document.querySelectorAll('[data-hydrated] [data-chart-buckets] svg.recharts-surface').length >= 5,
        null,
        { polling: 'raf' },
      ),
    );
    const figure = (name: string, values: number[]): BenchFigure => ({
      name,
      value: Math.round(percentile(values, 95)!),
      unit: 'ms',
      target: below(1000),
    });
    const count = RUNS.toLocaleString('en');
    return [
      figure(`pages: /runs loaded in Chromium with ${count} runs (p95 of 5)`, runs),
      figure(`pages: /telemetry 30 d loaded and charted in Chromium with ${count} runs (p95 of 5)`, telemetry),
    ];
  } finally {
    await browser.close();
  }
}

/** EXPLAIN ANALYZE of the slowest statement of a view's list and pager, as the page runs them (same code, same database). */
async function explainView(databaseUrl: string, name: string, query: string, ms: number): Promise<void> {
  const parsed = parseRunListParams(new URLSearchParams(query));
  if (!parsed.ok) return;
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const db = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] });
  const logged: LoggedQuery[] = [];
  db.$on('query', (event) => logged.push({ query: event.query, params: event.params, duration: event.duration }));
  try {
    await Promise.all([listRuns(db, parsed.params), runListNavigation(db, parsed.params)]);
    await explainSlowest(pool, `slowest runs list view: ${name} (GET /runs p95 ${Math.round(ms)} ms)`, logged);
  } finally {
    await db.$disconnect();
    await pool.end().catch(() => undefined);
  }
}
