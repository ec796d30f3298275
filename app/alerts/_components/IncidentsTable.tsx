import Link from 'next/link';
import { COMPARISON_SYMBOLS, METRICS, countSample, describeScope, formatMetricValue, formatWindow } from '@/lib/alerts/metrics';
import type { AlertDeliveryView, AlertIncidentView } from '@/lib/alerts/rules';
import { formatDuration, formatTimestamp } from '@/lib/runs/format';
import styles from './Alerts.module.css';

function deliverySummary(deliveries: AlertDeliveryView[], event: 'firing' | 'resolved'): string | null {
  const attempts = deliveries.filter((delivery) => delivery.event === event);
  if (!attempts.length) return null;
  const last = attempts.at(-1)!;
  const count = `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
  return `${event}: ${last.status === 'delivered' ? 'delivered' : 'failed'} (${count})`;
}

function DeliveryLog({ incident }: { incident: AlertIncidentView }) {
  if (!incident.deliveries.length) return <span className="muted">no webhook</span>;
  const summaries = [deliverySummary(incident.deliveries, 'firing'), deliverySummary(incident.deliveries, 'resolved')].filter(Boolean);
  const failed = incident.deliveries.some((delivery) => delivery.status === 'failed');
  const targets = [...new Set(incident.deliveries.map((delivery) => delivery.target))];
  return (
    <details className={styles.deliveries}>
      <summary className={failed ? styles.summaryWarn : undefined}>{summaries.join(' · ')}</summary>
      <p className={styles.sub}>
        to{' '}
        {targets.map((target) => (
          <code key={target}>{target}</code>
        ))}
      </p>
      <ol className={styles.attempts} aria-label={`Webhook attempts for ${incident.ruleName}`}>
        {incident.deliveries.map((delivery) => (
          <li key={delivery.id}>
            <span className={styles.attemptHead}>
              {delivery.event} #{delivery.attempt}{' '}
              <span className={delivery.status === 'delivered' ? styles.okText : 'error-text'}>{delivery.status}</span>
              {delivery.httpStatus ? ` · HTTP ${delivery.httpStatus}` : ''} · {formatDuration(delivery.durationMs)} ·{' '}
              <time dateTime={delivery.createdAt}>{formatTimestamp(delivery.createdAt).slice(11)}</time>
            </span>
            {delivery.error ? <span className={`${styles.sub} error-text`}>{delivery.error}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Incidents with value vs threshold, when, the runs behind them and the webhook delivery log. */
export function IncidentsTable({ incidents, caption, testId }: { incidents: AlertIncidentView[]; caption: string; testId: string }) {
  return (
    <div className={styles.wrap}>
      <table className={`data-table highlight-rows ${styles.table}`} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Rule</th>
            <th scope="col">Value vs threshold</th>
            <th scope="col">Scope · window</th>
            <th scope="col">Fired</th>
            <th scope="col">Resolved</th>
            <th scope="col">Runs behind it</th>
            <th scope="col">Webhook</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} id={`incident-${incident.id}`} data-incident-id={incident.id}>
              <td>
                {incident.resolvedAt ? (
                  <span className="pill ok">resolved</span>
                ) : (
                  <span className={`pill bad ${styles.firing}`}>firing</span>
                )}
              </td>
              <th scope="row" className={styles.ruleName}>
                {incident.ruleName}
                <span className={styles.sub}>{METRICS[incident.metric].label}</span>
              </th>
              <td className={styles.valueCell}>
                <strong>{formatMetricValue(incident.metric, incident.value)}</strong> {COMPARISON_SYMBOLS[incident.comparison]}{' '}
                {formatMetricValue(incident.metric, incident.threshold)}
                <span className={styles.sub}>
                  of {countSample(incident.metric, incident.calls)}
                  {incident.resolvedAt ? ` · at resolve: ${formatMetricValue(incident.metric, incident.resolvedValue)}` : ''}
                </span>
              </td>
              <td>
                {describeScope(incident)}
                <span className={styles.sub}>
                  last {formatWindow(incident.windowSeconds)}: {formatTimestamp(incident.windowFrom).slice(11, 19)}–
                  {formatTimestamp(incident.windowTo).slice(11)}
                </span>
              </td>
              <td className="time">
                <time dateTime={incident.firedAt}>{formatTimestamp(incident.firedAt)}</time>
              </td>
              <td className="time">
                {incident.resolvedAt ? (
                  <>
                    <time dateTime={incident.resolvedAt}>{formatTimestamp(incident.resolvedAt)}</time>
                    <span className={styles.sub}>
                      after {formatDuration(Date.parse(incident.resolvedAt) - Date.parse(incident.firedAt))}
                    </span>
                  </>
                ) : (
                  <span className="muted">still firing</span>
                )}
              </td>
              <td>
                <ul className={styles.links}>
                  {incident.runsLinks.map((link) => (
                    <li key={link.href}>
                      <Link href={link.href}>{link.label}</Link>
                      {link.calls !== undefined ? (
                        <span className="muted">
                          {' '}
                          · {link.calls.toLocaleString('en-US')} call{link.calls === 1 ? '' : 's'}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <DeliveryLog incident={incident} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
