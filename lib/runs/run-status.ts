/** Run statuses as the database knows them (prisma/schema.prisma `RunStatus`). Client-safe. */
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

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

/** The RunEvent types of lib/store/README.md — the SSE route names its events after them. */
export const RUN_EVENT_TYPES = [
  'status',
  'turn-start',
  'attempt',
  'text-delta',
  'reasoning-delta',
  'reasoning',
  'tool-call-start',
  'tool-call',
  'tool-result',
  'notice',
  'error',
  'fallback',
  'usage',
  'finish',
] as const;

