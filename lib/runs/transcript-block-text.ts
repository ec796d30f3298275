// The words of a transcript block (lib/runs/transcript-reducer.ts), the same on the run page and in
// the terminal (lib/cli/transcript-text.ts); the sentences of the events come from
// lib/run-events/event-text.ts. Client-safe.
import { fallbackText, finishText, noticeText, providerErrorText, statusText, unreadableText } from '@/lib/run-events/event-text';
import { formatBytes } from './format';
import type { TranscriptBlock } from './transcript-reducer';

/** A block that is one sentence: a status change, a notice, a provider error, a fallback, a finish, an unreadable event. */
export type SentenceBlock = Extract<
  TranscriptBlock,
  { kind: 'status' | 'notice' | 'provider-error' | 'fallback' | 'finish' | 'unreadable' }
>;

/** The sentence a person reads for the block. */
export function blockSentence(block: SentenceBlock): string {
  switch (block.kind) {
    case 'status':
      return statusText(block.payload);
    case 'notice':
      return noticeText(block.payload);
    case 'provider-error':
      return providerErrorText(block.payload);
    case 'fallback':
      return fallbackText(block.payload);
    case 'finish':
      return finishText(block.finishReason);
    case 'unreadable':
      return unreadableText(block.type, block.problem);
  }
}

/** What a reasoning block holds that is not shown: encrypted content, a signature, redacted thinking. */
export function reasoningOpaque(block: Extract<TranscriptBlock, { kind: 'reasoning' }>): string[] {
  return [
    block.encryptedBytes ? `encrypted, ${formatBytes(block.encryptedBytes)}` : null,
    block.signatureBytes ? `signature: encrypted, ${formatBytes(block.signatureBytes)}` : null,
    block.redacted ? 'redacted thinking' : null,
  ].filter((part): part is string => part !== null);
}
