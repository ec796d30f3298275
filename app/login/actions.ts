'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientAddress, trustedProxies } from '@/lib/auth/client-address';
import { currentConnection } from '@/lib/auth/connection';
import { safeNextPath } from '@/lib/auth/next-path';
import { configuredPassword, passwordMatches } from '@/lib/auth/password';
import { createSession, revokeSession, SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/session';
import { SignInThrottle, type AttemptResult } from '@/lib/auth/sign-in-throttle';
import { database } from '@/lib/store/database';

// One per server process (in memory): see lib/auth/sign-in-throttle.ts.
const throttle = new SignInThrottle();

function refusal(result: Exclude<AttemptResult, { ok: true }>): string {
  switch (result.reason) {
    case 'busy':
      return `Too many sign-in attempts at once from this address (${result.waiting} waiting): wait for them to finish, then try again.`;
    case 'ceiling':
      return `Sign-in is paused: ${result.failures} wrong passwords were sent to this console in the last minute (from all addresses). Try again in ${Math.ceil(result.retryAfterMs / 1000)} s.`;
    case 'wrong':
      return result.failures > 3
        ? `Wrong password. ${result.failures} wrong in a row from this address: each further try waits ${(throttle.failureDelayMs(result.failures + 1) / 1000).toFixed(1)} s.`
        : 'Wrong password.';
  }
}

export async function signIn(_state: { error: string | null }, form: FormData): Promise<{ error: string | null }> {
  const password = configuredPassword();
  if (!password) return { error: 'No password is configured: set SWITCHBOARD_PASSWORD on the server and restart it.' };
  // A hand-made action request can send anything in place of the form.
  const candidate = form instanceof FormData ? form.get('password') : null;
  // Attempts are counted under the socket's peer (or, behind SWITCHBOARD_TRUSTED_PROXIES, the
  // client they name), never under a header the client wrote itself.
  const client = clientAddress(currentConnection(), trustedProxies()) ?? 'unknown';
  const result = await throttle.attempt(client, () => typeof candidate === 'string' && passwordMatches(candidate, password));
  if (!result.ok) return { error: refusal(result) };
  (await cookies()).set(SESSION_COOKIE, await createSession(database(), password), {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.SWITCHBOARD_SECURE_COOKIES === '1',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  redirect(safeNextPath((form as FormData).get('next')));
}

/** Ends the session on the server (its cookie stops working everywhere), then forgets the cookie. */
export async function signOut(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await revokeSession(database(), token);
  jar.delete(SESSION_COOKIE);
  redirect('/login');
}
