import { REPLAYED_RESULT_TEXT } from '@/lib/run-events/event-text';
import type { TranscriptBlock } from '@/lib/runs/transcript-reducer';
import styles from './Transcript.module.css';

const MAX_SHOWN = 20_000;

function json(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters: see the export)` : text;
}

type ToolBlock = Extract<TranscriptBlock, { kind: 'tool' }>;

/** What the card says of the call: while its arguments stream, while it runs, how it ended. */
export function toolCallState(block: ToolBlock): { text: string; tone: 'ok' | 'bad' | 'pending' | 'neutral' } {
  if (block.outcome)
    return block.outcome.ok ? { text: 'ok', tone: 'ok' } : { text: block.invalid ? 'invalid arguments' : 'error', tone: 'bad' };
  if (block.invalid) return { text: 'invalid arguments', tone: 'bad' };
  switch (block.phase) {
    case 'arguments':
      return { text: 'receiving arguments…', tone: 'pending' };
    case 'running':
      return { text: 'running…', tone: 'pending' };
    default:
      return { text: 'not run (the turn ended first)', tone: 'neutral' };
  }
}

export function ToolCallView({ block }: { block: ToolBlock }) {
  const outcome = block.outcome;
  const state = toolCallState(block);
  return (
    <div className={`${styles.tool} ${outcome && !outcome.ok ? styles.toolFailed : ''}`} data-testid="tool-call" data-phase={block.phase}>
      <div className={styles.toolHead}>
        <span className={styles.toolLabel}>tool call</span> <code>{block.name}</code>
        {block.id ? <span className={styles.toolId}>{block.id}</span> : null}
        {outcome?.replayed ? (
          <span
            className={styles.replayedTag}
            data-testid="tool-replayed"
            title="The tool did not run: a replay served its recorded result"
          >
            {REPLAYED_RESULT_TEXT}
          </span>
        ) : null}
        <span
          className={`${styles.toolState} ${state.tone === 'ok' ? styles.ok : state.tone === 'bad' ? styles.bad : ''}`}
          data-testid="tool-call-state"
        >
          {state.text}
        </span>
      </div>
      {block.invalid ? (
        <div className={styles.invalid} role="note">
          <strong>Arguments are not valid JSON</strong> ({block.invalid}) — the tool was not run.
          <pre className={`code-block ${styles.code}`}>{block.rawArguments ?? ''}</pre>
        </div>
      ) : block.arguments !== null ? (
        <pre className={`code-block ${styles.code}`} aria-label={`${block.name} arguments`}>
          {json(block.arguments)}
        </pre>
      ) : null}
      {outcome?.errors.length ? (
        <ul className={styles.validation} aria-label="Argument validation errors" data-testid="validation-errors">
          {outcome.errors.map((error, index) => (
            <li key={index}>
              <code>{error.path}</code> {error.message}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome ? (
        <details className={styles.result} open={!outcome.ok}>
          <summary>Result{outcome.ok ? '' : ' (error)'}</summary>
          <pre className={`code-block ${styles.code}`}>{json(outcome.result)}</pre>
        </details>
      ) : null}
    </div>
  );
}
