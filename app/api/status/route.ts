import { NextResponse } from 'next/server';
import { systemStatus } from '@/lib/status/system-status';

export const dynamic = 'force-dynamic';

export async function GET() {
  return NextResponse.json(await systemStatus(), { headers: { 'cache-control': 'no-store' } });
}
