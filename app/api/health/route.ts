import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

/** Liveness of the web process (the database is reported by /api/status). */
export function GET() {
  return NextResponse.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
