import type { Metadata } from 'next';
import Link from 'next/link';
import { formatWindow } from '@/lib/alerts/metrics';
import { alertsOverview } from '@/lib/alerts/rules';
import { loadProfiles } from '@/lib/config/profiles';
import { formatDuration, formatTimestamp } from '@/lib/runs/format';
import { database } from '@/lib/store/database';
import { filterOptions } from '@/lib/telemetry/queries';
import { AlertsAutoRefresh } from './_components/AlertsAutoRefresh';
import { IncidentsTable } from './_components/IncidentsTable';
import { RuleForm } from './_components/RuleForm';
import { RulesTable } from './_components/RulesTable';
import styles from './_components/Alerts.module.css';
import { CONSOLE_PAGES } from '@/app/_components/console-pages';

export const metadata: Metadata = { title: CONSOLE_PAGES['/alerts'] };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function AlertsPage({ searchParams }: Props) {
  const query = await searchParams;
  const db = database();
  const { profiles } = loadProfiles();
  const [overview, called] = await Promise.all([alertsOverview(db), filterOptions(db)]);
  const editId = single(query.edit);
  const editing = editId ? (overview.rules.find((rule) => rule.id === editId) ?? null) : null;
  const providers = [...new Set([...profiles.map((profile) => profile.provider), ...called.providers])].sort();
  const models = [
    ...new Map(
      [...profiles.map((profile) => ({ provider: profile.provider, model: profile.model })), ...called.models].map((entry) => [
        `${entry.provider}\0${entry.model}`,
        entry,
      ]),
    ).values(),
  ];
  const evaluation = overview.intervalMs
    ? `Workers evaluate every rule every ${formatDuration(overview.intervalMs)}`
    : 'Evaluation is turned off in this process (SWITCHBOARD_ALERT_INTERVAL_MS=0); other workers may still evaluate';

  return (
    <>
      <div className="page-heading">
        <h1>Alerts</h1>
        <p className="muted">
          Rules on provider-call metrics over a sliding window — error rate, rate-limit incidents, streaming success, p95 latency, cost per
          hour. {evaluation}
          {overview.lastEvaluationAt ? ` (last at ${formatTimestamp(overview.lastEvaluationAt)})` : ' (none yet)'}; a firing rule posts to
          its webhook, and again when it resolves.
        </p>
      </div>
      <AlertsAutoRefresh />

      <section className={`panel ${styles.panel}`} aria-labelledby="firing-heading" id="firing">
        <div className="panel-header">
          <h2 id="firing-heading">
            Firing now <span className={styles.count}>{overview.firing.length}</span>
          </h2>
        </div>
        {overview.firing.length ? (
          <IncidentsTable incidents={overview.firing} caption="Incidents firing now" testId="firing-incidents" />
        ) : (
          <p className="muted" data-testid="nothing-firing">
            Nothing is firing
            {overview.rules.some((rule) => rule.enabled) ? ': every enabled rule’s condition is within its threshold.' : '.'}
          </p>
        )}
      </section>

      <section className={`panel ${styles.panel}`} aria-labelledby="rules-heading" id="rules">
        <div className="panel-header">
          <h2 id="rules-heading">
            Rules <span className={styles.count}>{overview.rules.length}</span>
          </h2>
          {overview.defaultWebhook ? (
            <span className="muted">
              Default webhook <code>{overview.defaultWebhook}</code>
            </span>
          ) : overview.defaultWebhookInvalid ? (
            <span className="error-text">
              SWITCHBOARD_ALERT_WEBHOOK_URL is not an http(s) URL: rules without their own webhook notify nobody.
            </span>
          ) : null}
          <span className="muted" data-testid="webhook-signing">
            {overview.signed
              ? 'Webhooks are signed (X-Switchboard-Signature, SWITCHBOARD_ALERT_WEBHOOK_SECRET)'
              : 'Webhooks are not signed (set SWITCHBOARD_ALERT_WEBHOOK_SECRET)'}
          </span>
        </div>
        {overview.rules.length ? (
          <RulesTable rules={overview.rules} highlight={single(query.saved) ?? null} />
        ) : (
          <div className={styles.empty} data-testid="alerts-empty">
            <p>
              <strong>No alert rules yet.</strong> Add one with the form below: choose a metric (for example <em>Rate-limit incidents</em>),
              a threshold and a window (for example ≥ 5 over the last {formatWindow(300)}), optionally a provider and model, and a webhook
              URL (Slack, Discord or any endpoint taking a JSON POST).
            </p>
            <p className="muted">
              To see one fire, start a Simulator run with a rate-limit fault scenario on{' '}
              <Link href="/runs/new?profile=simulator-chat">New run</Link>.
            </p>
          </div>
        )}
      </section>

      <RuleForm editing={editing} providers={providers} models={models} defaultWebhook={overview.defaultWebhook} />
      {editId && !editing ? (
        <p role="alert" className="error-text">
          There is no rule with the id in this address; it may have been deleted.
        </p>
      ) : null}

      <section className={`panel ${styles.panel}`} aria-labelledby="incidents-heading" id="incidents">
        <div className="panel-header">
          <h2 id="incidents-heading">Resolved incidents</h2>
          <span className="muted">newest first, with each webhook attempt; firing ones are under Firing now</span>
        </div>
        {overview.recent.length ? (
          <IncidentsTable incidents={overview.recent} caption="Resolved incidents, newest first" testId="recent-incidents" />
        ) : (
          <p className="muted">
            {overview.firing.length
              ? 'No resolved incidents yet: the firing ones move here when their condition no longer holds.'
              : 'No incidents yet: a rule opens one when its condition holds at an evaluation.'}
          </p>
        )}
      </section>
    </>
  );
}
