import type { ProviderResult, StreamEvent } from '@/lib/providers/core/types';
import { noticeText, providerErrorText } from '@/lib/run-events/event-text';
import type { Logger } from '@/lib/server/logger';
import type { RunEventWriter } from '@/lib/store/run-event-writer';
import { DeltaRedaction } from './delta-redaction';
import { runEventOf } from './run-event-of';

/**
 * Drives one provider call to its end, writing its events to the run log as they stream (text and
 * reasoning redacted across delta boundaries, `tool-call-start` once per tool call of an attempt)
 * and logging what an operator should see. Returns the call's result.
 */
export async function streamCall(
  call: AsyncGenerator<StreamEvent, ProviderResult>,
  events: RunEventWriter,
  log: Logger,
): Promise<ProviderResult> {
  // Tool calls whose arguments began streaming in this attempt (by their index in the reply).
  let toolCallsStarted = new Set<number>();
  const deltas = new DeltaRedaction();
  const write = (streamed: StreamEvent) => {
    const event = runEventOf(streamed);
    if (!event) return;
    events.append(event.type, event.payload);
    // What an operator should see in the worker's log, in the words the page uses.
    if (event.type === 'notice' && event.payload.notice === 'streaming-disabled') log.warn(noticeText(event.payload));
    if (event.type === 'error') log.error(providerErrorText(event.payload));
  };
  for (;;) {
    const next = await call.next();
    if (next.done) {
      deltas.end().forEach(write);
      return next.value;
    }
    const event = next.value;
    const streamed = deltas.map(event);
    if (event.type === 'attempt-start') toolCallsStarted = new Set();
    if (event.type === 'tool-call-delta' && !toolCallsStarted.has(event.index)) {
      toolCallsStarted.add(event.index);
      streamed.slice(0, -1).forEach(write);
      events.append('tool-call-start', { index: event.index, id: event.id ?? null, name: event.name ?? null });
      continue;
    }
    streamed.forEach(write);
  }
}
