// Bad input at the sign-in server action: a wrong, missing or oddly typed password (or no form at
// all, as a hand-made action request can send) answers { error }, never a crash or a session. And
// attempts from one address are checked in turn: none is dropped, failures slow that address down.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const request = vi.hoisted(() => ({ forwardedFor: '203.0.113.1', cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-forwarded-for': `${request.forwardedFor}, 10.0.0.1` }),
  cookies: async () => ({ set: (name: string, value: string) => request.cookies.set(name, value), delete: (name: string) => request.cookies.delete(name) }),
}));

const { signIn } = await import('./actions');

let address = 0;
beforeEach(() => {
  // Each test signs in from an address of its own (the throttle lives as long as the module).
  request.forwardedFor = `203.0.113.${++address}`;
  request.cookies.clear();
});
afterEach(() => {
  delete process.env.SWITCHBOARD_PASSWORD;
});

function form(password: string, next = '/runs'): FormData {
  const data = new FormData();
  data.set('password', password);
  data.set('next', next);
  return data;
}

/** The redirect a successful sign-in ends with (Next throws it), or null. */
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
    expect(await signIn({ error: null }, new FormData())).toEqual({ error: expect.stringMatching(/No password is configured/) });
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
      request.forwardedFor = `198.51.100.${index}`;
      const result = await signIn({ error: null }, input as FormData);
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
    const attempts = [signIn({ error: null }, form('wrong 1')), signIn({ error: null }, form('wrong 2')), redirectOf(signIn({ error: null }, form('correct horse', '/runs?status=failed')))];
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
    for (let attempt = 0; attempt < 4; attempt++) answers.push((await signIn({ error: null }, form('nope'))).error);
    expect(answers.slice(0, 3)).toEqual(['Wrong password.', 'Wrong password.', 'Wrong password.']);
    expect(answers[3]).toBe('Wrong password. 4 wrong in a row from this address: each further try waits 1.6 s.');
    // Another address is not slowed down by this one.
    request.forwardedFor = '192.0.2.77';
    const t0 = Date.now();
    expect(await signIn({ error: null }, form('nope'))).toEqual({ error: 'Wrong password.' });
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
