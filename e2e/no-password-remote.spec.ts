import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/test';

// `next start --hostname 0.0.0.0` run directly — not through scripts/start.mjs, which refuses a
// non-loopback HOST without a password — and with no password: the server itself must answer
// other machines with a refusal, and keep serving this one.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const machineAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;

let server: ChildProcess | undefined;
let port = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}

test.beforeAll(async () => {
  test.skip(!machineAddress, 'this machine has no non-loopback IPv4 address to reach the server through');
  test.setTimeout(90_000);
  port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SWITCHBOARD_WORKERS: '0' };
  for (const name of ['SWITCHBOARD_PASSWORD', 'SWITCHBOARD_LISTEN_HOST', 'HOSTNAME', 'SWITCHBOARD_TRUSTED_PROXIES']) delete env[name];
  server = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--hostname', '0.0.0.0', '--port', String(port)],
    { cwd: ROOT, env, stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error('next start did not answer within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
});

test('next start on 0.0.0.0 without a password refuses other machines and serves this one', async ({ page, browserProblems }) => {
  const remote = `http://${machineAddress}:${port}`;
  const local = `http://127.0.0.1:${port}`;
  // The refusal page the browser is sent to below, on purpose.
  browserProblems.allow(403, new RegExp(`^${remote.replace(/\./g, '\\.')}/$`));

  const pageResponse = await fetch(`${remote}/runs`, { redirect: 'manual' });
  expect(pageResponse.status).toBe(403);
  expect(await pageResponse.text()).toContain('set SWITCHBOARD_PASSWORD');
  // A forged forwarding header does not make a remote client local.
  expect((await fetch(`${remote}/runs`, { redirect: 'manual', headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(403);
  const apiResponse = await fetch(`${remote}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(apiResponse.status).toBe(403);
  expect((await apiResponse.json()).error).toMatch(/only answers requests from its own machine/);

  await page.goto(`${remote}/`);
  await expect(page.getByRole('heading', { name: 'Sign-in is not set up', level: 1 })).toBeVisible();
  await expect(page.getByText('set SWITCHBOARD_PASSWORD on the server')).toBeVisible();

  // This machine still needs no password.
  expect((await fetch(`${local}/runs`, { redirect: 'manual' })).status).toBe(200);
  await page.goto(`${local}/runs`);
  await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
});
