/** What a run's status allows (the statuses themselves: `RUN_STATUSES` of lib/run-events/schema.ts). Client-safe. */

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function isTerminalStatus(status: string | null | undefined): boolean {
  return !!status && TERMINAL_STATUSES.has(status);
}

/** Cancel applies to queued and running runs; resume to interrupted, failed and cancelled ones. */
export function canCancel(status: string): boolean {
  return status === 'queued' || status === 'running';
}

export function canResume(status: string): boolean {
  return status === 'interrupted' || status === 'failed' || status === 'cancelled';
}
