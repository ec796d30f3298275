import { describeCallError, isUserCancel } from '@/lib/run-events/call-error-text';
import type { AttemptAudit } from '@/lib/runs/attempt-audit';
import { formatCostReport, formatDuration, formatReportedCount, formatTokensInOut } from '@/lib/runs/format';
import type { ProviderCallView } from '@/lib/runs/run-detail';
import type { TurnStripEntry } from '@/lib/runs/turn-strip';
import { Fact } from './Fact';
import styles from './Transcript.module.css';

/** Provider metadata of one profile's call in a turn (ProviderCall rows). */
export function TurnStripView({ entry, audits }: { entry: TurnStripEntry; audits: Map<ProviderCallView, AttemptAudit> }) {
  // Attempts that answered a failure, and calls made while part of the chain was cooling down or skipped.
  const explained = entry.calls.filter((call) => call.cause !== null || call.chainState?.some((profile) => profile.state !== 'ready'));
  return (
    <div className={styles.stripWrap} data-testid="turn-strip">
      <dl className={styles.strip}>
        <Fact term="profile">
          {entry.provider}/{entry.profileName}
        </Fact>
        <Fact term="model">
          <code>{entry.model}</code>
        </Fact>
        <Fact
          term="delivery"
          className={entry.delivery === 'fallback' ? styles.warn : undefined}
          title={
            entry.delivery === 'not started'
              ? 'Refused before any stream began: not a streaming failure'
              : (entry.fallbackReason ?? undefined)
          }
          data-testid="turn-strip-delivery"
        >
          {entry.delivery}
        </Fact>
        <Fact term="latency">{formatDuration(entry.latencyMs)}</Fact>
        <Fact term="TTFT">{formatDuration(entry.ttftMs)}</Fact>
        <Fact term="tokens in/out">{formatTokensInOut(entry)}</Fact>
        <Fact term="cache r/w" data-testid="turn-strip-cache">
          {formatReportedCount(entry.cacheReadTokens)} / {formatReportedCount(entry.cacheWriteTokens)}
        </Fact>
        <Fact term="retries" className={entry.retries ? styles.warn : undefined}>
          {entry.retries}
          {entry.waitedMs ? ` (waited ${formatDuration(entry.waitedMs)})` : ''}
        </Fact>
        <Fact term="cost" data-testid="turn-strip-cost">
          {formatCostReport(entry)}
        </Fact>
        {entry.status === 'error' && isUserCancel(entry.errorKind) ? (
          <Fact term="ended" className={styles.neutral} data-testid="turn-strip-cancelled">
            cancelled by the user
          </Fact>
        ) : entry.status === 'error' ? (
          <Fact term="error" className={styles.bad} data-testid="turn-strip-error">
            {describeCallError(entry.errorKind ?? 'error', entry.httpStatus)}
          </Fact>
        ) : null}
      </dl>
      {explained.length ? (
        <ul className={styles.audit} data-testid="attempt-audit" aria-label="Why each attempt happened">
          {explained.map((call) => {
            const audit = audits.get(call);
            if (!audit) return null;
            return (
              <li key={call.attempt}>
                <strong>
                  #{call.attempt} {audit.cause}
                </strong>
                {audit.after ? <> — after {audit.after}</> : null}
                {audit.wait ? <> · waited {audit.wait}</> : null}
                {audit.chain ? <> · chain: {audit.chain}</> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <details className={styles.attempts}>
        <summary>
          {entry.attempts} attempt{entry.attempts === 1 ? '' : 's'}
          {entry.requestId ? (
            <>
              {' '}
              · request <code>{entry.requestId}</code>
            </>
          ) : null}
        </summary>
        <table className={styles.attemptTable}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">status</th>
              <th scope="col">HTTP</th>
              <th scope="col">streamed</th>
              <th scope="col">waited</th>
              <th scope="col">latency</th>
              <th scope="col">TTFT</th>
              <th scope="col">tokens in/out</th>
              <th scope="col">request id</th>
            </tr>
          </thead>
          <tbody>
            {entry.calls.map((call) => (
              <tr key={call.attempt}>
                <td>{call.attempt}</td>
                <td className={call.status !== 'error' ? styles.ok : isUserCancel(call.errorKind) ? styles.neutral : styles.bad}>
                  {call.status === 'error' ? (call.errorKind ?? 'error') : 'ok'}
                </td>
                <td>{call.httpStatus ?? '—'}</td>
                <td>{call.streamStarted ? 'yes' : call.streamActual ? 'not started' : 'no'}</td>
                <td>{formatDuration(call.waitBeforeMs)}</td>
                <td>{formatDuration(call.latencyMs)}</td>
                <td>{formatDuration(call.ttftMs)}</td>
                <td>{formatTokensInOut(call)}</td>
                <td>{call.requestId ? <code>{call.requestId}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
