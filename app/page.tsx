import Link from 'next/link';
import { listRuns, parseRunListParams } from '@/lib/runs/list-runs';
import { systemStatus } from '@/lib/status/system-status';
import { database } from '@/lib/store/database';
import { RunsTable } from './runs/_components/RunsTable';
import { StatusPanel } from './_components/StatusPanel';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const status = await systemStatus();
  const parsed = parseRunListParams({ limit: '8' });
  const recent = status.database.reachable && parsed.ok ? await listRuns(database(), parsed.params).catch(() => null) : null;
  return (
    <>
      <div className="page-heading">
        <h1>Console</h1>
        <p className="muted">
          Run agent turns through OpenAI Chat, OpenAI Responses, OpenRouter and Anthropic Messages, and see every provider call as it really
          happened.
        </p>
      </div>
      <StatusPanel initial={status} />
      <section className="panel" aria-labelledby="recent-heading">
        <div className="panel-header">
          <h2 id="recent-heading">Recent runs</h2>
          <div className="panel-actions">
            <Link href="/runs">All runs</Link>
            <Link href="/runs/new">New run</Link>
          </div>
        </div>
        {recent && recent.runs.length ? (
          <RunsTable runs={recent.runs} />
        ) : (
          <p className="muted">
            No runs yet. <Link href="/runs/new?profile=simulator-chat">Start one on the Simulator</Link> — it needs no API key — or fill the
            history with <code>npm run seed:demo</code>.
          </p>
        )}
      </section>
    </>
  );
}
