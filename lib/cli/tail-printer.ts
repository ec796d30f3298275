import { readRunEvent } from '@/lib/run-events/read-run-event';
import type { PayloadOf } from '@/lib/run-events/schema';
import { formatCount, formatReportedCount } from '@/lib/runs/format';
import { initialTranscript, transcriptReducer, type TranscriptBlock, type TranscriptEvent } from '@/lib/runs/transcript-reducer';
import { plain, type Colors } from './colors';
import { terminalSafe } from './terminal-safe';
import { reasoningOpaque } from '@/lib/runs/transcript-block-text';
import { formatBlock } from './transcript-text';

const INDENT = '   ';

/**
 * Turns events into terminal text as they arrive (`npm run runs -- tail`): text and reasoning
 * deltas are written as they stream; every other event becomes the lines `show` draws for its block
 * (each event goes through the transcript reducer on its own). `usage` events, which the page reads
 * from the recorded calls, become a token line here. Each event is made terminal-safe first.
 */
export class TailPrinter {
  /** What the current line holds: streamed assistant text, streamed reasoning, or nothing (at a line start). */
  private inline: 'text' | 'reasoning' | null = null;
  /**
   * Reasoning text streamed (as deltas) in this attempt and not yet closed by its complete
   * `reasoning` event. Responses runs send the complete part at the end of the call, after the
   * answer's text: by then the deltas have shown the text, so only its opaque sizes are new.
   */
  private streamedReasoning = '';

  constructor(private readonly colors: Colors = plain) {}

  write(unsafeEvent: TranscriptEvent): string {
    const event = terminalSafe(unsafeEvent);
    const read = readRunEvent(event);
    if (read.ok && (read.body.type === 'text-delta' || read.body.type === 'reasoning-delta')) {
      const mode = read.body.type === 'text-delta' ? 'text' : 'reasoning';
      const { text } = read.body.payload;
      const lead =
        this.inline === mode ? '' : `${this.inline ? '\n' : ''}${mode === 'text' ? INDENT : this.colors.magenta(`${INDENT}Reasoning │ `)}`;
      this.inline = mode;
      if (mode === 'reasoning') this.streamedReasoning += text;
      const body = text.replace(/\n/g, `\n${mode === 'text' ? INDENT : `${INDENT}│ `}`);
      return lead + (mode === 'reasoning' ? this.colors.dim(body) : body);
    }
    const lines = read.ok && read.body.type === 'usage' ? usageLines(read.body.payload.usage, this.colors) : this.blockLines(event);
    if (!lines.length) return '';
    const lead = this.inline ? '\n' : '';
    this.inline = null;
    return `${lead}${lines.join('\n')}\n`;
  }

  /** Ends a line left open by streamed text. */
  end(): string {
    const open = this.inline !== null;
    this.inline = null;
    return open ? '\n' : '';
  }

  private blockLines(event: TranscriptEvent): string[] {
    if (event.type === 'turn-start' || event.type === 'attempt') this.streamedReasoning = '';
    const block = transcriptReducer(initialTranscript, { ...event, seq: 0 }).blocks[0];
    if (!block) return [];
    if (block.kind === 'reasoning') return this.reasoningLines(block);
    return formatBlock(block, this.colors);
  }

  /** A complete reasoning part: in full when it did not stream, else only what its deltas did not show. */
  private reasoningLines(block: Extract<TranscriptBlock, { kind: 'reasoning' }>): string[] {
    const streamed = consumeStreamed(this.streamedReasoning, block.text);
    if (streamed === null) return formatBlock(block, this.colors);
    this.streamedReasoning = streamed;
    const opaque = reasoningOpaque(block);
    if (!opaque.length) return [];
    // Right after the streamed text: a continuation line; later (after the answer): a labelled line.
    return [
      this.colors.magenta(this.inline === 'reasoning' ? `${INDENT}└ ${opaque.join(' · ')}` : `${INDENT}Reasoning · ${opaque.join(' · ')}`),
    ];
  }
}

const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * The streamed reasoning left once `complete` is taken out of it, or null when `complete` did not
 * stream (its text is news). Whitespace is ignored: several parts stream back to back, and a
 * complete part joins its summary pieces with blank lines.
 */
function consumeStreamed(streamed: string, complete: string): string | null {
  const pending = squash(streamed);
  if (!pending) return null;
  const text = squash(complete);
  if (!text) return streamed;
  const at = pending.indexOf(text);
  return at < 0 ? null : pending.slice(0, at) + pending.slice(at + text.length);
}

function usageLines(usage: PayloadOf<'usage'>['usage'], colors: Colors): string[] {
  const count = (value: number | null | undefined) => formatCount(value ?? 0);
  return [
    colors.dim(
      `${INDENT}usage: in ${count(usage.inputTokens)} / out ${count(usage.outputTokens)}${usage.reasoningTokens ? ` / reasoning ${count(usage.reasoningTokens)}` : ''} · cache read ${formatReportedCount(usage.cacheReadTokens)} / write ${formatReportedCount(usage.cacheWriteTokens)}`,
    ),
  ];
}
