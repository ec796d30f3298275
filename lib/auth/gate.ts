import { NextResponse, type NextRequest } from 'next/server';
import { database } from '@/lib/store/database';
import { isLocalClient, trustedProxies } from './client-address';
import { currentConnection } from './connection';
import { safeNextPath } from './next-path';
import { configuredPassword } from './password';
import { SESSION_COOKIE, sessionIsValid } from './session';

export const NO_PASSWORD_REMOTE_MESSAGE =
  'This Switchboard has no password, so it only answers requests from its own machine (loopback). ' +
  'To use it from elsewhere, set SWITCHBOARD_PASSWORD on the server, restart it, and sign in.';

function isApiOrAction(request: NextRequest): boolean {
  return request.nextUrl.pathname.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function refuseRemoteWithoutPassword(request: NextRequest): NextResponse {
  if (isApiOrAction(request)) return NextResponse.json({ error: NO_PASSWORD_REMOTE_MESSAGE }, { status: 403 });
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in is not set up · Switchboard</title></head><body><h1>Sign-in is not set up</h1><p>${escapeHtml(NO_PASSWORD_REMOTE_MESSAGE)}</p></body></html>`;
  return new NextResponse(page, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * Who may reach what (proxy.ts runs this for every path). Without a password, only clients on this
 * machine are served, whatever address the server listens on; with one, every page, server action
 * and route handler but /login requires a live session (a Session row): APIs and actions answer
 * 401, pages redirect to /login. Starting runs spends money: no unauthenticated path reaches it.
 */
export async function gate(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/api/health') return NextResponse.next();
  const password = configuredPassword();
  if (!password) {
    return isLocalClient(currentConnection(), trustedProxies()) ? NextResponse.next() : refuseRemoteWithoutPassword(request);
  }
  if (pathname === '/login') return NextResponse.next();
  if (await sessionIsValid(database(), request.cookies.get(SESSION_COOKIE)?.value, password)) return NextResponse.next();
  if (isApiOrAction(request)) return NextResponse.json({ error: 'Sign in first.' }, { status: 401 });
  const login = new URL('/login', request.url);
  login.searchParams.set('next', safeNextPath(`${pathname}${search}`));
  return NextResponse.redirect(login);
}
