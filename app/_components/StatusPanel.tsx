'use client';

import { useQuery } from '@tanstack/react-query';
import { formatClockTime } from '@/lib/runs/format';
import type { SystemStatus } from '@/lib/status/system-status';

async function fetchStatus(): Promise<SystemStatus> {
  const response = await fetch('/api/status', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/status answered ${response.status}`);
  return response.json();
}

function Indicator({ ok, label, neutral = false }: { ok: boolean; label: string; neutral?: boolean }) {
  return (
    <span className={ok ? 'indicator ok' : neutral ? 'indicator neutral' : 'indicator bad'}>
      <span aria-hidden="true">{ok ? '●' : '○'}</span> {label}
    </span>
  );
}

export function StatusPanel({ initial }: { initial: SystemStatus }) {
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: ['system-status'],
    queryFn: fetchStatus,
    initialData: initial,
    refetchInterval: 10_000,
  });
  const { database, migrations, credentials } = data;
  const migrationsOk = !!migrations && !migrations.error && migrations.pending.length === 0 && migrations.failed.length === 0;

  return (
    <section aria-labelledby="status-heading" className="panel" data-testid="status-panel">
      <div className="panel-header">
        <h2 id="status-heading">System status</h2>
        <div className="panel-actions">
          <span className="muted" aria-live="polite">
            {/* The server's check time in UTC: the server and the browser render the same text (no locale, zone or clock of their own). */}
            {isFetching ? (
              'Checking…'
            ) : (
              <>
                Checked <time dateTime={data.checkedAt}>{formatClockTime(data.checkedAt)}</time>
              </>
            )}
          </span>
          <button type="button" onClick={() => refetch()} disabled={isFetching}>
            Refresh
          </button>
        </div>
      </div>
      {error ? (
        <p role="alert" className="error-text">
          Could not refresh: {error.message}
        </p>
      ) : null}

      <dl className="status-grid">
        <div data-testid="status-database">
          <dt>Database</dt>
          <dd>
            <Indicator ok={database.reachable} label={database.reachable ? 'reachable' : 'unreachable'} />
            <div>
              <strong>{database.kind === 'embedded' ? 'Embedded Postgres' : 'External Postgres'}</strong> <code>{database.target}</code>
            </div>
            {database.serverVersion ? (
              <div className="muted">
                PostgreSQL {database.serverVersion} · round trip {database.roundTripMs} ms
              </div>
            ) : null}
            {database.error ? <div className="error-text">{database.error}</div> : null}
          </dd>
        </div>

        <div data-testid="status-migrations">
          <dt>Migrations</dt>
          <dd>
            {migrations ? (
              <>
                <Indicator
                  ok={migrationsOk}
                  label={migrationsOk ? 'all applied' : `${migrations.pending.length} pending, ${migrations.failed.length} failed`}
                />
                <div>
                  {migrations.applied.length} applied
                  {migrations.applied.length ? (
                    <>
                      {' '}
                      · latest <code>{migrations.applied.at(-1)}</code>
                    </>
                  ) : null}
                </div>
                {migrations.pending.length ? <div className="error-text">Pending: {migrations.pending.join(', ')}</div> : null}
                {migrations.failed.length ? <div className="error-text">Failed: {migrations.failed.join(', ')}</div> : null}
                {migrations.unknown.length ? <div className="muted">Not in this checkout: {migrations.unknown.join(', ')}</div> : null}
                {migrations.error ? <div className="error-text">{migrations.error}</div> : null}
              </>
            ) : (
              <span className="muted">unknown until the database is reachable</span>
            )}
          </dd>
        </div>

        <div data-testid="status-credentials">
          <dt>Provider credentials</dt>
          <dd>
            <ul className="plain-list">
              {credentials.map((credential) => (
                <li key={credential.envVar}>
                  <Indicator ok={credential.present} label={credential.label} neutral /> <code>{credential.envVar}</code>{' '}
                  {credential.present ? 'set' : 'not set'}
                </li>
              ))}
            </ul>
            <div className="muted">Only whether a key is set is shown; values never leave the server.</div>
          </dd>
        </div>
      </dl>
    </section>
  );
}
