// The sign-in server action. Bad input (a wrong, missing or oddly typed password, or no form at
// all, as a hand-made action request can send) answers { error }, never a crash or a session.
// Attempts are counted per client — the socket's peer, never an address the client wrote in a
// header — and checked in turn; a sign-in goes only to a path of the console; sign-out ends the
// session on the server. Sessions live in the test database.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { withConnection, type Connection } from '@/lib/auth/connection';
import { sessionIsValid } from '@/lib/auth/session';
import { database } from '@/lib/store/database';

// What the client sent: the action must not take X-Forwarded-For from here (a client writes it).
const request = vi.hoisted(() => ({
  connection: { peer: '203.0.113.1', forwardedFor: undefined, relayed: false } as Connection,
  cookies: new Map<string, string>(),
}));
vi.mock('next/headers', () => ({
  headers: async () => new Headers(request.connection.forwardedFor ? { 'x-forwarded-for': request.connection.forwardedFor } : {}),
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
    delete: (name: string) => request.cookies.delete(name),
  }),
}));

// This file sends more wrong passwords within a minute than the ceiling for all addresses allows;
// that ceiling is tested on its own (sign-in-ceiling.test.ts).
vi.mock('@/lib/auth/sign-in-throttle', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/sign-in-throttle')>();
  class ThrottleWithoutCeiling extends original.SignInThrottle {
    constructor(options: ConstructorParameters<typeof original.SignInThrottle>[0] = {}) {
      super({ maxFailuresPerWindow: 10_000, ...options });
    }
  }
  return { ...original, SignInThrottle: ThrottleWithoutCeiling };
});

const { signIn, signOut } = await import('./actions');

const savedDatabaseUrl = process.env.DATABASE_URL;
beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});
afterAll(() => {
  process.env.DATABASE_URL = savedDatabaseUrl;
});

let address = 0;
beforeEach(() => {
  // Each test signs in from an address of its own (the throttle lives as long as the module).
  request.connection = { peer: `203.0.113.${++address}`, forwardedFor: undefined, relayed: false };
  request.cookies.clear();
});
afterEach(() => {
  delete process.env.SWITCHBOARD_PASSWORD;
  delete process.env.SWITCHBOARD_TRUSTED_PROXIES;
});

function form(password: string, next = '/runs'): FormData {
  const data = new FormData();
  data.set('password', password);
  data.set('next', next);
  return data;
}

/** Calls an action as the server does: within the request's connection. */
function act<T>(action: () => Promise<T>, connection: Connection = request.connection): Promise<T> {
  return withConnection(connection, action);
}

/** The redirect an action ends with (Next throws it), or null. */
async function redirectOf(attempt: Promise<unknown>): Promise<string | null> {
  try {
    await attempt;
    return null;
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '');
    if (!digest.startsWith('NEXT_REDIRECT')) throw error;
    return digest.split(';')[2] ?? null;
  }
}

describe('signIn refuses bad input', () => {
  it('without a configured password, whatever it is sent', async () => {
    expect(await act(() => signIn({ error: null }, new FormData()))).toEqual({ error: expect.stringMatching(/No password is configured/) });
  });

  it('a wrong, missing, non-text password, or no form data: { error }', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    const wrong = new FormData();
    wrong.set('password', 'battery staple');
    const file = new FormData();
    file.set('password', new Blob(['correct horse']));
    const huge = new FormData();
    huge.set('password', 'x'.repeat(1_000_000));
    const cases: unknown[] = [wrong, new FormData(), file, huge, undefined, null, 'correct horse', { password: 'correct horse' }, 42];
    for (const [index, input] of cases.entries()) {
      const result = await act(() => signIn({ error: null }, input as FormData), {
        peer: `198.51.100.${index}`,
        forwardedFor: undefined,
        relayed: false,
      });
      expect(result, String(input)).toEqual({ error: expect.any(String) });
      expect(result.error!.length).toBeGreaterThan(0);
    }
    expect(request.cookies.size).toBe(0);
  });
});

describe('signIn attempts from one address', () => {
  it('a right password sent while wrong ones are being checked signs in after them', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    const t0 = Date.now();
    const attempts = [
      act(() => signIn({ error: null }, form('wrong 1'))),
      act(() => signIn({ error: null }, form('wrong 2'))),
      redirectOf(act(() => signIn({ error: null }, form('correct horse', '/runs?status=failed')))),
    ];
    const [first, second, signedIn] = await Promise.all(attempts);
    expect(first).toEqual({ error: 'Wrong password.' });
    expect(second).toEqual({ error: 'Wrong password.' });
    expect(signedIn).toBe('/runs?status=failed');
    expect(request.cookies.has('switchboard_session')).toBe(true);
    // Each wrong one kept its 400 ms; the right one was checked after both.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(790);
  });

  it('keeps failures per address, and says when the wait grows', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    const answers: (string | null)[] = [];
    for (let attempt = 0; attempt < 4; attempt++) answers.push((await act(() => signIn({ error: null }, form('nope')))).error);
    expect(answers.slice(0, 3)).toEqual(['Wrong password.', 'Wrong password.', 'Wrong password.']);
    expect(answers[3]).toBe('Wrong password. 4 wrong in a row from this address: each further try waits 1.6 s.');
    // Another address is not slowed down by this one: while this address's fifth try waits out its
    // 1.6 s, the other's first is answered after its own 400 ms (timers the test moves itself).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const answered: string[] = [];
      const slowed = act(() => signIn({ error: null }, form('nope'))).then(() => answered.push('this address'));
      const other = act(() => signIn({ error: null }, form('nope')), { peer: '192.0.2.77', forwardedFor: undefined, relayed: false });
      void other.then(() => answered.push('another address'));
      await vi.advanceTimersByTimeAsync(400);
      expect(answered).toEqual(['another address']);
      expect(await other).toEqual({ error: 'Wrong password.' });
      await vi.advanceTimersByTimeAsync(1_200);
      await slowed;
      expect(answered).toEqual(['another address', 'this address']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a client that rotates X-Forwarded-For under its socket address: the count does not reset', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    const answers: (string | null)[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      request.connection = { peer: '198.51.100.200', forwardedFor: `192.0.2.${100 + attempt}`, relayed: true };
      answers.push((await act(() => signIn({ error: null }, form('nope')))).error);
    }
    expect(answers[3]).toBe('Wrong password. 4 wrong in a row from this address: each further try waits 1.6 s.');
  });

  it('behind a trusted proxy, counts the client the proxy names, not what the client wrote before it', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    process.env.SWITCHBOARD_TRUSTED_PROXIES = '10.0.0.0/8';
    const answers: (string | null)[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      // The client forges a new first entry each time; the proxy (10.0.0.5) appends the address it saw.
      request.connection = { peer: '10.0.0.5', forwardedFor: `192.0.2.${150 + attempt}, 198.51.100.201`, relayed: true };
      answers.push((await act(() => signIn({ error: null }, form('nope')))).error);
    }
    expect(answers[3]).toBe('Wrong password. 4 wrong in a row from this address: each further try waits 1.6 s.');
    // Another client behind the same proxy is counted on its own.
    request.connection = { peer: '10.0.0.5', forwardedFor: '198.51.100.202', relayed: true };
    expect(await act(() => signIn({ error: null }, form('nope')))).toEqual({ error: 'Wrong password.' });
  });
});

describe('after signing in', () => {
  it('goes only to a path of the console, whatever next says', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    const attacks = [
      '/\\127.0.0.1:4998/pwned',
      '/\t/evil.com',
      '/%09/evil.com',
      '\\/\\/evil.com',
      'https://evil.com',
      '//evil.com',
      '/\r\n/evil.com',
      '/\r/evil.com',
      '/\n/evil.com',
      '/.//evil.com',
    ];
    for (const next of attacks) {
      const target = await redirectOf(act(() => signIn({ error: null }, form('correct horse', next))));
      expect(target, JSON.stringify(next)).not.toBeNull();
      // A browser at the console resolves the redirect against the console's own address.
      expect(new URL(target!, 'http://127.0.0.1:3000/login').origin, JSON.stringify(next)).toBe('http://127.0.0.1:3000');
      expect(target!.startsWith('/') && !target!.startsWith('//') && !target!.includes('\\'), JSON.stringify(target)).toBe(true);
    }
  });

  it('sign-out ends the session on the server: the cookie stops working at once', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    expect(await redirectOf(act(() => signIn({ error: null }, form('correct horse'))))).toBe('/runs');
    const token = request.cookies.get('switchboard_session');
    expect(await sessionIsValid(database(), token, 'correct horse')).toBe(true);
    expect(await redirectOf(act(() => signOut()))).toBe('/login');
    expect(request.cookies.has('switchboard_session')).toBe(false);
    // A copy of the cookie kept elsewhere (another tab, a stolen one) is refused too.
    expect(await sessionIsValid(database(), token, 'correct horse')).toBe(false);
  });
});
