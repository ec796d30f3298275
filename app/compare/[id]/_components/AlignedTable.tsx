import Link from 'next/link';
import { turnNumber } from '@/lib/run-events/turn-number';
import { deliveryText, pairText, toolCallText } from '@/lib/runs/comparison-format';
import type { ComparisonView, TurnCell } from '@/lib/runs/comparison-view';
import { formatCost, formatDuration } from '@/lib/runs/format';
import { StatusBadge } from '@/app/runs/_components/StatusBadge';
import styles from './Comparison.module.css';

function Figures({ cell }: { cell: Extract<TurnCell, { kind: 'turn' }> }) {
  return (
    <>
      <div className={styles.cellHead}>
        <StatusBadge status={cell.status} />
        <span className={styles.sub}>{cell.finishReason ? `finish: ${cell.finishReason}` : 'no finish'}</span>
      </div>
      {cell.toolCalls.length ? (
        <ul className={`plain-list ${styles.smallList} ${styles.toolCalls}`}>
          {cell.toolCalls.map((call, index) => (
            <li key={index} className={call.isError ? 'error-text' : undefined} title={JSON.stringify(call.arguments)}>
              <code>{toolCallText(call)}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className={styles.figures}>
        <dt>Tokens in / out</dt>
        <dd>{pairText(cell.inputTokens, cell.outputTokens)}</dd>
        <dt>Cache read / write</dt>
        <dd>{pairText(cell.cacheReadTokens, cell.cacheWriteTokens)}</dd>
        <dt>Cost est. / reported</dt>
        <dd>
          {formatCost(cell.costUsd)} / {formatCost(cell.providerCostUsd)}
        </dd>
        <dt>Latency · TTFT</dt>
        <dd>
          {formatDuration(cell.latencyMs)} · {formatDuration(cell.ttftMs)}
        </dd>
        <dt>Retries · fallbacks</dt>
        <dd className={cell.retries || cell.fallbacks ? styles.warn : undefined}>
          {cell.retries} · {cell.fallbacks}
          {cell.attempts > 1 ? <span className="muted"> ({cell.attempts} attempts)</span> : null}
        </dd>
        <dt>Delivery</dt>
        <dd>{deliveryText(cell.delivery)}</dd>
      </dl>
      {cell.profiles.length > 1 ? <p className={styles.sub}>on {cell.profiles.join(', ')}</p> : null}
    </>
  );
}

function Cell({ cell }: { cell: TurnCell }) {
  if (cell.kind === 'none')
    return (
      <td className={styles.emptyCell} data-cell="none">
        —
      </td>
    );
  if (cell.kind === 'carried')
    return (
      <td className={styles.carried} data-cell="carried">
        carried from {cell.fromRunId ? <Link href={`/runs/${cell.fromRunId}`}>parent</Link> : 'parent (deleted)'}
      </td>
    );
  return (
    <td data-cell="turn">
      <Figures cell={cell} />
    </td>
  );
}

/** The turns side by side: a row per turn, a column per run (a fork's inherited turns say they are carried). */
export function AlignedTable({ view }: { view: ComparisonView }) {
  if (!view.turns.length) return <p className="muted">No turn has started yet.</p>;
  return (
    <div className={styles.scroll} tabIndex={0} aria-label="Turns per run (scrolls sideways)">
      <table
        className={`data-table ${styles.aligned}`}
        data-testid="aligned-table"
        style={{ minWidth: `${64 + view.members.length * 250}px` }}
      >
        <caption className="visually-hidden">Each turn across the runs, aligned by turn</caption>
        <thead>
          <tr>
            <th scope="col" className={styles.turnColumn}>
              Turn
            </th>
            {view.members.map((member) => (
              <th scope="col" key={member.runId}>
                <span className={styles.columnNumber}>{member.position + 1}</span> {member.profileName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.turns.map((turn) => (
            <tr key={turn.index} data-turn={turn.index}>
              <th scope="row" className={styles.turnColumn}>
                {turnNumber(turn.index)}
              </th>
              {turn.cells.map((cell, column) => (
                <Cell key={view.members[column]!.runId} cell={cell} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
