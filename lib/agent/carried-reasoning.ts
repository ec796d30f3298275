import { sameOrigin } from '@/lib/providers/core/runtime';
import type { Message, ReasoningOrigin } from '@/lib/providers/core/types';

/**
 * The opaque reasoning blobs (encrypted content, signatures, redacted thinking) a fork carries: the
 * ones the fork's runtime and account issued go back byte for byte; the others are never sent (the
 * converters skip a reasoning part of another origin), which the fork's log says once.
 */
export function carriedReasoning(
  conversation: Message[],
  origin: ReasoningOrigin,
): { kept: number; dropped: number; droppedFrom: string[] } {
  let kept = 0;
  let dropped = 0;
  const droppedFrom = new Set<string>();
  for (const message of conversation) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) {
      if (part.type !== 'reasoning' || (part.encrypted === undefined && part.signature === undefined)) continue;
      if (sameOrigin(part.origin, origin)) kept++;
      else {
        dropped++;
        droppedFrom.add(part.origin?.runtime ?? 'an unknown runtime');
      }
    }
  }
  return { kept, dropped, droppedFrom: [...droppedFrom] };
}
