// GET /api/alerts → { firing: <number of rules firing now> } — the nav badge polls it.
import { firingAlertCount } from '@/lib/alerts/rules';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    return Response.json({ firing: await firingAlertCount(database()) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    console.error('[alerts] firing count failed', error instanceof Error ? error.message : error);
    return Response.json(
      { error: 'The alert state could not be read; the server log has the details.' },
      { status: 500, headers: { 'cache-control': 'no-store' } },
    );
  }
}
