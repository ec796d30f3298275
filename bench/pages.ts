import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { percentile } from '@/lib/store/provider-call-rows';
import { chromiumLaunchOptions } from '@/e2e/support/chromium';
import type { BenchFigure } from './report';

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Seeds 10,000 Simulator runs, starts the console on them and times /runs and /telemetry in Chromium. */
export async function benchPages(databaseUrl: string): Promise<BenchFigure[]> {
  await run(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/seed-demo.ts', '--runs', '10000'], {
    DATABASE_URL: databaseUrl,
  });
  const port = 3390;
  const server = spawn(process.execPath, [join(process.cwd(), 'scripts/start.mjs')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SWITCHBOARD_WORKER: '0' },
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const ok = await fetch(`${base}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the console did not start');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const browser = await chromium.launch(chromiumLaunchOptions);
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
    await browser.close();
    const figure = (name: string, values: number[]): BenchFigure => {
      const p95 = percentile(values, 95)!;
      return { name, value: Math.round(p95), unit: 'ms', target: '< 1000', pass: p95 < 1000 };
    };
    return [
      figure('pages: /runs loaded with 10,000 runs (p95 of 5)', runs),
      figure('pages: /telemetry 30 d loaded and charted with 10,000 runs (p95 of 5)', telemetry),
    ];
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}
