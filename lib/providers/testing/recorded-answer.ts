// Test support: a ReplayServer answer made of a recorded body.
import type { ReplayResponse } from '../conformance/replay-server';

/** A 200 JSON answer with `body`. */
export function jsonAnswer(body: string): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

/** A 200 event-stream answer with `body`. */
export function streamAnswer(body: string): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body };
}
