import { ProviderRuntimeError } from './errors';

/**
 * Server-Sent Events parsing as the HTML standard defines it: lines end in CRLF, LF or CR;
 * `:` starts a comment; `data:` lines of one event join with "\n"; a blank line dispatches.
 * An event still pending when the stream ends is dispatched too (marked `unterminated`),
 * so a consumer can decide whether a truncated last event counts.
 */

export type SseMessage = {
  type: 'event';
  event: string | null;
  data: string;
  id: string | null;
  /** True for an event the stream ended in the middle of (no blank line after it). */
  unterminated: boolean;
};
export type SseComment = { type: 'comment'; text: string };
export type SseItem = SseMessage | SseComment;

export const MAX_SSE_LINE_CHARS = 16 * 1024 * 1024;

export class SseLineTooLongError extends Error {
  constructor(readonly length: number) {
    super(`an SSE line exceeded ${MAX_SSE_LINE_CHARS} characters`);
  }
}

/** True when an event's data is empty or only whitespace (keep-alives some gateways send). */
export function isBlankData(data: string): boolean {
  if (data.length === 0) return true;
  const first = data.charCodeAt(0);
  const last = data.charCodeAt(data.length - 1);
  const space = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
  return space(first) && space(last) ? data.trim() === '' : false;
}

/** Incremental parser: feed decoded text, collect items. */
export class SseParser {
  private buffer = '';
  private event: string | null = null;
  /** The data lines of the pending event (most events have one, kept without an array). */
  private data: string | null = null;
  private id: string | null = null;
  private hasFields = false;

  /** Parses as much of `text` as forms whole lines; returns the items completed by it. */
  push(text: string): SseItem[] {
    this.buffer += text;
    const items: SseItem[] = [];
    let start = 0;
    const buffer = this.buffer;
    for (let i = 0; i < buffer.length; i++) {
      const char = buffer.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      if (char === 13 && i === buffer.length - 1) break; // a CR at the end may be half of CRLF
      this.line(buffer.slice(start, i), items);
      if (char === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.buffer = buffer.slice(start);
    if (this.buffer.length > MAX_SSE_LINE_CHARS) throw new SseLineTooLongError(this.buffer.length);
    return items;
  }

  /** Call at end of stream: flushes a last line without newline and a pending event. */
  end(): SseItem[] {
    const items: SseItem[] = [];
    const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = '';
    if (rest.length > 0) this.line(rest, items);
    if (this.hasFields) items.push(this.take(true));
    return items;
  }

  private line(line: string, items: SseItem[]): void {
    if (line === '') {
      if (this.hasFields) items.push(this.take(false));
      return;
    }
    if (line.charCodeAt(0) === 58) {
      items.push({ type: 'comment', text: line.slice(1).trimStart() });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        this.hasFields = true;
        break;
      case 'data':
        this.data = this.data === null ? value : `${this.data}\n${value}`;
        this.hasFields = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        this.hasFields = true;
        break;
      default:
        // `retry:` and unknown fields are ignored, as the standard says.
        break;
    }
  }

  private take(unterminated: boolean): SseMessage {
    const message: SseMessage = { type: 'event', event: this.event, data: this.data ?? '', id: this.id, unterminated };
    this.event = null;
    this.data = null;
    this.hasFields = false;
    return message;
  }
}

export type ReadSseOptions = {
  onChunk?: (byteLength: number) => void;
  /** Longest wait for the next chunk; past it the stream fails with a `timeout` error. */
  idleTimeoutMs?: number;
};

function readWithin<T>(read: Promise<T>, ms: number | undefined): Promise<T> {
  if (!ms) return read;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderRuntimeError({ kind: 'timeout', message: `The stream was silent for ${Math.round(ms / 1000)} s.` })),
      ms,
    );
  });
  return Promise.race([read, timeout]).finally(() => clearTimeout(timer));
}

/** Reads a byte stream as SSE items. Invalid UTF-8 becomes U+FFFD; it never throws on content. */
export async function* readSse(body: ReadableStream<Uint8Array>, options: ReadSseOptions = {}): AsyncGenerator<SseItem> {
  const { onChunk, idleTimeoutMs } = options;
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await readWithin(reader.read(), idleTimeoutMs);
      if (done) break;
      onChunk?.(value.byteLength);
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    const tail = decoder.decode();
    if (tail) yield* parser.push(tail);
    yield* parser.end();
  } finally {
    // A consumer that stops early (terminator seen, error, cancel) closes the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
