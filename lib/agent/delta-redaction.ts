import type { StreamEvent } from '@/lib/providers/core/types';
import { StreamRedactor } from '@/lib/redaction/stream-redactor';

/**
 * A call's text and reasoning deltas, redacted across delta boundaries before they are written
 * (a key the provider splits into pieces is masked whole). Any other event first lets go of what
 * the two streams hold, so the run log keeps the provider's order.
 */
export class DeltaRedaction {
  private readonly text = new StreamRedactor();
  private readonly reasoning = new StreamRedactor();

  /** The events to write for `event`, in order. */
  map(event: StreamEvent): StreamEvent[] {
    if (event.type === 'text-delta') return [...this.release('reasoning'), ...this.delta('text-delta', this.text.push(event.text))];
    if (event.type === 'reasoning-delta')
      return [...this.release('text'), ...this.delta('reasoning-delta', this.reasoning.push(event.text))];
    return [...this.end(), event];
  }

  /** What both streams still hold (the call ended). */
  end(): StreamEvent[] {
    return [...this.release('text'), ...this.release('reasoning')];
  }

  private release(stream: 'text' | 'reasoning'): StreamEvent[] {
    return stream === 'text' ? this.delta('text-delta', this.text.end()) : this.delta('reasoning-delta', this.reasoning.end());
  }

  private delta(type: 'text-delta' | 'reasoning-delta', text: string): StreamEvent[] {
    return text ? [{ type, text }] : [];
  }
}
