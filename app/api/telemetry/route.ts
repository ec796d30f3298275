// GET /api/telemetry?window=24h|1h|7d|30d|custom&from=<ISO>&to=<ISO>&provider=…&model=…
// Every chart series of the window as JSON (see lib/telemetry/types.ts); 400 on bad parameters.
import { telemetryData } from '@/lib/telemetry/queries';
import { parseTelemetrySearch } from '@/lib/telemetry/window-schema';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const parsed = parseTelemetrySearch(new URL(request.url).searchParams);
  if (!parsed.success) return Response.json({ error: parsed.error }, { status: 400, headers: { 'cache-control': 'no-store' } });
  try {
    return Response.json(await telemetryData(parsed.data), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    console.error('[telemetry] query failed', error);
    return Response.json(
      { error: 'The telemetry queries failed; the server log has the details.' },
      { status: 500, headers: { 'cache-control': 'no-store' } },
    );
  }
}
