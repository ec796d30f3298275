import Link from 'next/link';
import { COMPARISON_SYMBOLS, METRICS, countSample, describeScope, formatMetricValue, formatWindow } from '@/lib/alerts/metrics';
import type { AlertRuleView } from '@/lib/alerts/rules';
import { formatTimestamp } from '@/lib/runs/format';
import { RuleActions } from './RuleActions';
import styles from './Alerts.module.css';

function RuleState({ rule }: { rule: AlertRuleView }) {
  if (!rule.enabled) return <span className="pill">disabled</span>;
  if (rule.firingSince) return <span className={`pill bad ${styles.firing}`}>firing</span>;
  if (!rule.lastEvaluatedAt) return <span className="pill accent">not evaluated yet</span>;
  return <span className="pill ok">ok</span>;
}

export function RulesTable({ rules, highlight }: { rules: AlertRuleView[]; highlight: string | null }) {
  return (
    <div className={styles.wrap}>
      <table className={`data-table highlight-rows ${styles.table}`} data-testid="alert-rules">
        <caption className="visually-hidden">Alert rules</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Rule</th>
            <th scope="col">Condition</th>
            <th scope="col">Scope</th>
            <th scope="col" className="num">
              Last value
            </th>
            <th scope="col">Webhook</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} data-rule-id={rule.id} className={rule.id === highlight ? styles.highlight : undefined}>
              <td>
                <RuleState rule={rule} />
              </td>
              <th scope="row" className={styles.ruleName}>
                {rule.name}
                {rule.firingSince ? (
                  <span className={styles.sub}>
                    since <Link href="#firing">{formatTimestamp(rule.firingSince)}</Link>
                  </span>
                ) : null}
              </th>
              <td>
                {METRICS[rule.metric].label} {COMPARISON_SYMBOLS[rule.comparison]} {formatMetricValue(rule.metric, rule.threshold)}
                <span className={styles.sub}>
                  over the last {formatWindow(rule.windowSeconds)}, at least {countSample(rule.metric, rule.minCalls)}
                </span>
              </td>
              <td>{describeScope(rule)}</td>
              <td className="num">
                {rule.lastEvaluatedAt ? formatMetricValue(rule.metric, rule.lastValue) : '—'}
                {rule.lastEvaluatedAt ? (
                  <span className={styles.sub}>
                    {countSample(rule.metric, rule.lastCalls ?? 0)} · {formatTimestamp(rule.lastEvaluatedAt).slice(11)}
                  </span>
                ) : null}
              </td>
              <td>
                {rule.webhook.masked ? <code>{rule.webhook.masked}</code> : <span className="muted">none</span>}
                {rule.webhook.source === 'default' ? <span className={styles.sub}>default (environment)</span> : null}
              </td>
              <td>
                <RuleActions id={rule.id} name={rule.name} enabled={rule.enabled} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
