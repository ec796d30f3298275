import type { NextRequest } from 'next/server';
import { gate } from './lib/auth/gate';

/** Sign-in and the loopback rule for every path: lib/auth/gate.ts. */
export function proxy(request: NextRequest) {
  return gate(request);
}

// The icon is public: the sign-in page shows it before anyone has a session.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
