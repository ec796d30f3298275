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

/** Replay applies to a run that has ended (its recording is complete). */
export function canReplay(status: string): boolean {
  return isTerminalStatus(status);
}

/**
 * "Fork from here" applies to a turn that completed by asking for tools (its results are in the
 * conversation): a fork continues with the turn after it. The turn that answered ended the run.
 */
export function canForkFrom(turn: { status: string; finishReason: string | null }): boolean {
  return turn.status === 'succeeded' && turn.finishReason === 'tool_calls';
}
