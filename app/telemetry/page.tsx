import type { Metadata } from 'next';
import Link from 'next/link';
import { telemetryData } from '@/lib/telemetry/queries';
import { parseTelemetrySearch } from '@/lib/telemetry/window-schema';
import { TelemetryDashboard } from './_components/TelemetryDashboard';
import { CONSOLE_PAGES } from '@/app/_components/console-pages';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: CONSOLE_PAGES['/telemetry'] };

export default async function TelemetryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = parseTelemetrySearch(await searchParams);
  return (
    <>
      <div className="page-heading">
        <h1>Telemetry</h1>
        <p className="muted">
          Every provider call attempt, bucketed over time: streaming, rate limits, caching, latency, tokens, cost and errors. Times are UTC.
        </p>
      </div>
      {parsed.success ? (
        <TelemetryDashboard initialData={await telemetryData(parsed.data)} initialSearch={parsed.data.search} />
      ) : (
        <section className="panel" aria-labelledby="telemetry-invalid">
          <h2 id="telemetry-invalid">This telemetry link is not valid</h2>
          <p role="alert" className="error-text">
            {parsed.error}
          </p>
          <p>
            <Link href="/telemetry">Show the last 24 hours</Link>
          </p>
        </section>
      )}
    </>
  );
}
