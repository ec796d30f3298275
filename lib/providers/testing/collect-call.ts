// Test support: drains a call generator (executeCall and the like) into its events and its result.
import type { StreamEvent } from '../core/types';

export async function collectCall<T>(generator: AsyncGenerator<StreamEvent, T>): Promise<{ events: StreamEvent[]; result: T }> {
  const events: StreamEvent[] = [];
  for (;;) {
    const next = await generator.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
  }
}
