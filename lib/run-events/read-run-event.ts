import { RUN_EVENT_TYPES, runEventBodySchema, type RunEventBody } from './schema';

/** An event read through the schema, or why it could not be (shown raw and counted, never a crash). */
export type ReadRunEvent = { ok: true; body: RunEventBody } | { ok: false; problem: string };

const KNOWN: ReadonlySet<string> = new Set(RUN_EVENT_TYPES);

/** Reads a stored or received event's type and payload. */
export function readRunEvent(event: { type: string; payload: unknown }): ReadRunEvent {
  if (!KNOWN.has(event.type)) return { ok: false, problem: `unknown event type "${event.type}"` };
  const parsed = runEventBodySchema.safeParse({ type: event.type, payload: event.payload });
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.slice(1).join('.');
  return { ok: false, problem: `${event.type}${path ? ` ${path}` : ''}: ${issue.message}` };
}
