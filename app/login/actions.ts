'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { createSessionToken, passwordMatches, SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/session';
import { SignInThrottle } from '@/lib/auth/sign-in-throttle';

// One per server process (in memory): see lib/auth/sign-in-throttle.ts.
const throttle = new SignInThrottle();

function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === 'string' ? value : '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * The address attempts are counted under: the first `x-forwarded-for` entry (Next's server sets it
 * from the socket when no proxy did). A client talking to the server directly can forge it; the
 * console listens on loopback unless told otherwise, and beyond it belongs behind a proxy that sets it.
 */
async function clientAddress(): Promise<string> {
  try {
    const forwarded = (await headers()).get('x-forwarded-for');
    return forwarded?.split(',')[0]?.trim() || 'unknown';
  } catch {
    return 'unknown'; // called outside a request (a test, a script)
  }
}

export async function signIn(_state: { error: string | null }, form: FormData): Promise<{ error: string | null }> {
  const password = process.env.SWITCHBOARD_PASSWORD;
  if (!password) return { error: 'No password is configured: set SWITCHBOARD_PASSWORD on the server and restart it.' };
  // A hand-made action request can send anything in place of the form.
  const candidate = form instanceof FormData ? form.get('password') : null;
  const result = await throttle.attempt(await clientAddress(), () => typeof candidate === 'string' && passwordMatches(candidate, password));
  if (!result.ok) {
    if (result.reason === 'busy') return { error: `Too many sign-in attempts at once from this address (${result.waiting} waiting): wait for them to finish, then try again.` };
    return {
      error:
        result.failures > 3
          ? `Wrong password. ${result.failures} wrong in a row from this address: each further try waits ${(throttle.failureDelayMs(result.failures + 1) / 1000).toFixed(1)} s.`
          : 'Wrong password.',
    };
  }
  (await cookies()).set(SESSION_COOKIE, createSessionToken(password), {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.SWITCHBOARD_SECURE_COOKIES === '1',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  redirect(safeNext((form as FormData).get('next')));
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/login');
}
