import { maskSpans, secretSpans } from './redact';
import { RULE_CONTEXT_CHARS } from './secret-rules';
import { secretValues } from './secret-values';
import { storableText } from './storable-text';

type Env = Record<string, string | undefined>;

/** A word longer than this is let through but for its end: no key is that long. */
const MAX_HELD_CHARS = 512;

/**
 * Redacts one stream of text (a call's answer, or its reasoning) delta by delta, across delta
 * boundaries: a provider may split a key anywhere, so text that could still become (part of) a
 * secret is held back until the next delta or the end. What is held is the current word (a key is
 * one word: the text after the last whitespace), any beginning of a known secret value at the end
 * (those may hold spaces), and any secret that reaches the end (it may go on). Ordinary prose
 * passes one word behind the stream; `end()` lets the rest go.
 */
export class StreamRedactor {
  /** The last raw characters already let through: rules need them (`Bearer ` before a token). */
  private context = '';
  private held = '';

  constructor(private readonly env: Env = process.env) {}

  /** What of the text so far can be shown now, redacted. */
  push(delta: string): string {
    if (!delta) return '';
    const raw = this.context + this.held + delta;
    const from = this.context.length;
    const spans = secretSpans(raw, this.env);
    let cut = this.holdFrom(raw, from);
    for (const [start, end] of spans) {
      if ((start < cut && end > cut) || end === raw.length) cut = Math.max(from, Math.min(cut, start));
    }
    // Never between the two halves of a surrogate pair (an emoji split across deltas).
    if (cut > from && cut < raw.length && isHighSurrogate(raw.charCodeAt(cut - 1))) cut--;
    return this.release(raw, from, cut, spans);
  }

  /** Everything still held, redacted: the stream ended (or something else comes between its deltas). */
  end(): string {
    if (!this.held) return '';
    const raw = this.context + this.held;
    return this.release(raw, this.context.length, raw.length, secretSpans(raw, this.env));
  }

  private release(raw: string, from: number, cut: number, spans: ReturnType<typeof secretSpans>): string {
    // storableText replaces one character by one: the spans stay where they are.
    const out = cut > from ? maskSpans(storableText(raw.slice(0, cut)), spans, from, cut) : '';
    this.held = raw.slice(cut);
    this.context = raw.slice(Math.max(0, cut - RULE_CONTEXT_CHARS), cut);
    return out;
  }

  /** Where the text that could still turn out secret begins. */
  private holdFrom(raw: string, from: number): number {
    let cut = raw.length;
    while (cut > from && !/\s/.test(raw[cut - 1]!)) cut--;
    cut = Math.max(cut, raw.length - MAX_HELD_CHARS);
    for (const value of secretValues(this.env)) {
      const start = Math.max(from, raw.length - value.length + 1);
      for (let at = raw.indexOf(value[0]!, start); at !== -1 && at < cut; at = raw.indexOf(value[0]!, at + 1)) {
        if (value.startsWith(raw.slice(at))) {
          cut = at;
          break;
        }
      }
    }
    return Math.max(from, cut);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
