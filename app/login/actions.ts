'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { createSessionToken, passwordMatches, SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/session';

function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === 'string' ? value : '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export async function signIn(_state: { error: string | null }, form: FormData): Promise<{ error: string | null }> {
  const password = process.env.SWITCHBOARD_PASSWORD;
  if (!password) return { error: 'No password is configured: set SWITCHBOARD_PASSWORD on the server and restart it.' };
  // A hand-made action request can send anything in place of the form.
  const candidate = form instanceof FormData ? form.get('password') : null;
  if (!(form instanceof FormData) || typeof candidate !== 'string' || !passwordMatches(candidate, password)) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { error: 'Wrong password.' };
  }
  (await cookies()).set(SESSION_COOKIE, createSessionToken(password), {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.SWITCHBOARD_SECURE_COOKIES === '1',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  redirect(safeNext(form.get('next')));
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/login');
}
