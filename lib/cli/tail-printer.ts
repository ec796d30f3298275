import { formatCount } from '@/lib/runs/format';
import { initialTranscript, transcriptReducer, type RunEventRecord } from '@/lib/runs/transcript-reducer';
import { plain, type Colors } from './colors';
import { formatBlock, reasoningOpaque } from './transcript-text';

const INDENT = '   ';

/**
 * Turns events into terminal text as they arrive (`npm run runs -- tail`): text and reasoning
 * deltas are written as they stream; every other event becomes the lines `show` draws for its block
 * (each event goes through the transcript reducer on its own). `usage` events, which the page reads
 * from the recorded calls, become a token line here.
 */
export class TailPrinter {
  /** What the current line holds: streamed assistant text, streamed reasoning, or nothing (at a line start). */
  private inline: 'text' | 'reasoning' | null = null;

  constructor(private readonly colors: Colors = plain) {}

  write(event: RunEventRecord): string {
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
      const mode = event.type === 'text-delta' ? 'text' : 'reasoning';
      const text = typeof payload.text === 'string' ? payload.text : '';
      const lead = this.inline === mode ? '' : `${this.inline ? '\n' : ''}${mode === 'text' ? INDENT : this.colors.magenta(`${INDENT}Reasoning │ `)}`;
      this.inline = mode;
      const body = text.replace(/\n/g, `\n${mode === 'text' ? INDENT : `${INDENT}│ `}`);
      return lead + (mode === 'reasoning' ? this.colors.dim(body) : body);
    }
    const lines = event.type === 'usage' ? usageLines(payload.usage, this.colors) : this.blockLines(event);
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

  private blockLines(event: RunEventRecord): string[] {
    const block = transcriptReducer(initialTranscript, { ...event, seq: 0 }).blocks[0];
    if (!block) return [];
    // A complete reasoning part after its streamed deltas: only what the deltas did not show.
    if (block.kind === 'reasoning' && this.inline === 'reasoning') {
      const opaque = reasoningOpaque(block);
      return opaque.length ? [this.colors.magenta(`${INDENT}└ ${opaque.join(' · ')}`)] : [];
    }
    return formatBlock(block, this.colors);
  }
}

function usageLines(usage: unknown, colors: Colors): string[] {
  const value = (usage ?? {}) as Record<string, unknown>;
  const count = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : 0);
  return [
    colors.dim(
      `${INDENT}usage: in ${formatCount(count('inputTokens'))} / out ${formatCount(count('outputTokens'))}${count('reasoningTokens') ? ` / reasoning ${formatCount(count('reasoningTokens'))}` : ''} · cache read ${formatCount(count('cacheReadTokens'))} / write ${formatCount(count('cacheWriteTokens'))}`,
    ),
  ];
}
