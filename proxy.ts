import { NextResponse, type NextRequest } from 'next/server';
import { authRequired, SESSION_COOKIE, verifySessionToken } from './lib/auth/session';

const PUBLIC_PATHS = ['/login', '/api/health'];

/**
 * Every page, server action and route handler requires a session when sign-in is required
 * (a password is set, or the server listens beyond loopback): APIs and actions answer 401, pages
 * redirect to /login. Starting runs spends money: no unauthenticated path reaches it.
 */
export function proxy(request: NextRequest) {
  if (!authRequired()) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((path) => pathname === path)) return NextResponse.next();
  if (verifySessionToken(request.cookies.get(SESSION_COOKIE)?.value, process.env.SWITCHBOARD_PASSWORD)) return NextResponse.next();
  const isAction = request.method !== 'GET' && request.method !== 'HEAD';
  if (pathname.startsWith('/api/') || isAction) {
    return NextResponse.json(
      { error: process.env.SWITCHBOARD_PASSWORD ? 'Sign in first.' : 'Sign-in is required on this address: set SWITCHBOARD_PASSWORD and sign in.' },
      { status: 401 },
    );
  }
  const login = new URL('/login', request.url);
  login.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

// The icon is public: the sign-in page shows it before anyone has a session.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
