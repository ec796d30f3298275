import styles from './StatusBadge.module.css';

/** Each status's glyph and pill tone (app/globals.css `.pill`); a queued or unknown status stays muted. */
const LOOK: Record<string, { glyph: string; tone?: 'accent' | 'ok' | 'bad' | 'warn' }> = {
  queued: { glyph: '○' },
  running: { glyph: '◐', tone: 'accent' },
  succeeded: { glyph: '●', tone: 'ok' },
  failed: { glyph: '✕', tone: 'bad' },
  cancelled: { glyph: '⊘', tone: 'warn' },
  interrupted: { glyph: '!', tone: 'warn' },
};

/** A run status as text plus color (the word carries the meaning; the color only helps). */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const look = LOOK[status];
  const className = ['pill', look?.tone, status === 'running' ? styles.spinning : undefined].filter(Boolean).join(' ');
  return (
    <span className={className} data-status={status} data-testid={testId}>
      <span aria-hidden="true">{look?.glyph ?? '·'}</span> {status}
    </span>
  );
}
