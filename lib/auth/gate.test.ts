// The proxy's decision for every path (lib/auth/gate.ts), with the client's socket address set as
// the server sets it (lib/auth/connection.ts) and sessions on the real Postgres.
import { NextRequest, type NextResponse } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { database } from '@/lib/store/database';
import { withConnection, type Connection } from './connection';
import { gate } from './gate';
import { createSession, revokeSession, SESSION_COOKIE } from './session';

const savedEnv = { ...process.env };
beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});
afterEach(() => {
  for (const name of ['SWITCHBOARD_PASSWORD', 'SWITCHBOARD_TRUSTED_PROXIES', 'SWITCHBOARD_LISTEN_HOST', 'HOSTNAME']) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});
afterAll(() => {
  process.env.DATABASE_URL = savedEnv.DATABASE_URL;
});

/** The commands on a run that start runs or write comparisons (app/api/runs/[id]/…). */
const RUN_COMMANDS = ['fork', 'replay', 'compare', 'compare-with-parent'].map(
  (command) => `/api/runs/0199d2c4-7a1e-7b3c-9f00-1234567890ab/${command}`,
);

const LOCAL: Connection = { peer: '127.0.0.1', forwardedFor: undefined, relayed: false };
const REMOTE: Connection = { peer: '192.0.2.10', forwardedFor: undefined, relayed: false };

function request(path: string, init: { method?: string; cookie?: string; headers?: Record<string, string> } = {}): NextRequest {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', `${SESSION_COOKIE}=${init.cookie}`);
  return new NextRequest(`http://127.0.0.1:3000${path}`, { method: init.method ?? 'GET', headers });
}

function passes(response: NextResponse): boolean {
  return response.headers.get('x-middleware-next') === '1';
}

function from(connection: Connection | undefined, path: string, init?: Parameters<typeof request>[1]): Promise<NextResponse> {
  return connection ? withConnection(connection, () => gate(request(path, init))) : gate(request(path, init));
}

describe('without a password', () => {
  it('serves clients on this machine', async () => {
    for (const connection of [LOCAL, { ...LOCAL, peer: '::1' }, { ...LOCAL, peer: '::ffff:127.0.0.1' }]) {
      expect(passes(await from(connection, '/runs')), connection.peer).toBe(true);
      expect(passes(await from(connection, '/api/runs', { method: 'POST' })), connection.peer).toBe(true);
      for (const path of RUN_COMMANDS)
        expect(passes(await from(connection, path, { method: 'POST' })), `${connection.peer} ${path}`).toBe(true);
    }
  });

  it('refuses non-loopback clients with 403 and says why — pages, APIs and server actions — whatever the listen variables say', async () => {
    // What scripts/start.mjs used to set, and what a `next start` on 0.0.0.0 may leave unset.
    process.env.SWITCHBOARD_LISTEN_HOST = '127.0.0.1';
    process.env.HOSTNAME = '127.0.0.1';
    const page = await from(REMOTE, '/runs');
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/no password, so it only answers requests from its own machine .* set SWITCHBOARD_PASSWORD/);
    for (const [path, method] of [
      ['/api/runs', 'GET'],
      ['/api/runs', 'POST'],
      ['/runs/new', 'POST'],
      ['/login', 'POST'],
      ...RUN_COMMANDS.map((path) => [path, 'POST'] as const),
    ] as const) {
      const response = await from(REMOTE, path, { method, headers: { 'next-action': 'abc' } });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await response.json()).error).toMatch(/set SWITCHBOARD_PASSWORD/);
    }
  });

  it('does not take a client’s word for being local: forged forwarding headers, a relaying proxy on this machine, an unknown peer', async () => {
    expect(
      (
        await from({ peer: '192.0.2.10', forwardedFor: '127.0.0.1', relayed: true }, '/runs', {
          headers: { 'x-forwarded-for': '127.0.0.1' },
        })
      ).status,
    ).toBe(403);
    expect((await from({ peer: '127.0.0.1', forwardedFor: '203.0.113.9', relayed: true }, '/runs')).status).toBe(403);
    expect((await from(undefined, '/runs', { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(403);
    // Behind a proxy it trusts, the client the proxy names counts.
    process.env.SWITCHBOARD_TRUSTED_PROXIES = '10.0.0.0/8';
    expect((await from({ peer: '10.0.0.2', forwardedFor: '127.0.0.1, 203.0.113.9', relayed: true }, '/runs')).status).toBe(403);
    expect(passes(await from({ peer: '10.0.0.2', forwardedFor: '127.0.0.1', relayed: true }, '/runs'))).toBe(true);
  });

  it('keeps /api/health open to anyone', async () => {
    expect(passes(await from(REMOTE, '/api/health'))).toBe(true);
  });
});

describe('with a password', () => {
  it('lets a live session through, and refuses its cookie right after it is revoked (sign-out)', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'gate-pw';
    const token = await createSession(database(), 'gate-pw');
    expect(passes(await from(REMOTE, '/runs', { cookie: token }))).toBe(true);
    expect(passes(await from(REMOTE, '/api/runs', { cookie: token, method: 'POST' }))).toBe(true);
    await revokeSession(database(), token);
    const page = await from(REMOTE, '/runs?status=failed', { cookie: token });
    expect(page.status).toBe(307);
    const login = new URL(page.headers.get('location')!);
    expect(`${login.pathname}${login.search}`).toBe('/login?next=%2Fruns%3Fstatus%3Dfailed');
    for (const path of ['/api/runs', ...RUN_COMMANDS]) {
      const api = await from(REMOTE, path, { cookie: token, method: 'POST' });
      expect(api.status, path).toBe(401);
      expect(await api.json()).toEqual({ error: 'Sign in first.' });
    }
  });

  it('refuses a session of another password (the password was changed)', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'gate-pw-before';
    const token = await createSession(database(), 'gate-pw-before');
    expect(passes(await from(LOCAL, '/runs', { cookie: token }))).toBe(true);
    process.env.SWITCHBOARD_PASSWORD = 'gate-pw-after';
    expect((await from(LOCAL, '/runs', { cookie: token })).status).toBe(307);
  });

  it('asks everyone without a session to sign in, loopback clients too; /login stays open', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'gate-pw';
    expect((await from(LOCAL, '/runs')).status).toBe(307);
    expect((await from(LOCAL, '/runs', { cookie: 'v1.9999999999999.forged' })).status).toBe(307);
    expect(passes(await from(REMOTE, '/login?next=%2Fruns'))).toBe(true);
  });
});
