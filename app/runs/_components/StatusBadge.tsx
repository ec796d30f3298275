import styles from './StatusBadge.module.css';

const GLYPH: Record<string, string> = {
  queued: '○',
  running: '◐',
  succeeded: '●',
  failed: '✕',
  cancelled: '⊘',
  interrupted: '!',
};

/** A run status as text plus color (the word carries the meaning; the color only helps). */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`${styles.badge} ${styles[status] ?? ''}`} data-status={status} data-testid={testId}>
      <span aria-hidden="true">{GLYPH[status] ?? '·'}</span> {status}
    </span>
  );
}
