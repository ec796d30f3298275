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

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
}

/** True when an event's data is empty or only whitespace (keep-alives some gateways send). */
export function isBlankData(data: string): boolean {
  if (data.length === 0) return true;
  return isSpace(data.charCodeAt(0)) && isSpace(data.charCodeAt(data.length - 1)) ? data.trim() === '' : false;
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
    const buffer = this.buffer + text;
    const items: SseItem[] = [];
    let start = 0;
    let cr = buffer.indexOf('\r');
    for (;;) {
      const lf = buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        if (cr === buffer.length - 1) break; // a CR at the end may be half of CRLF
        end = cr;
        next = buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      this.line(buffer, start, end, items);
      start = next;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    if (this.buffer.length > MAX_SSE_LINE_CHARS) throw new SseLineTooLongError(this.buffer.length);
    return items;
  }

  /** Call at end of stream: flushes a last line without newline and a pending event. */
  end(): SseItem[] {
    const items: SseItem[] = [];
    const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = '';
    if (rest.length > 0) this.line(rest, 0, rest.length, items);
    if (this.hasFields) items.push(this.take(true));
    return items;
  }

  /** The line buffer[start, end): fields are matched in place, only values are copied out. */
  private line(buffer: string, start: number, end: number, items: SseItem[]): void {
    if (start === end) {
      if (this.hasFields) items.push(this.take(false));
      return;
    }
    if (buffer.charCodeAt(start) === 58) {
      items.push({ type: 'comment', text: buffer.slice(start + 1, end).trimStart() });
      return;
    }
    let colon = buffer.indexOf(':', start);
    if (colon >= end) colon = -1;
    const fieldLength = (colon === -1 ? end : colon) - start;
    let valueStart = colon === -1 ? end : colon + 1;
    if (valueStart < end && buffer.charCodeAt(valueStart) === 32) valueStart++;
    if (fieldLength === 4 && buffer.startsWith('data', start)) {
      const value = buffer.slice(valueStart, end);
      this.data = this.data === null ? value : `${this.data}\n${value}`;
      this.hasFields = true;
    } else if (fieldLength === 5 && buffer.startsWith('event', start)) {
      this.event = buffer.slice(valueStart, end);
      this.hasFields = true;
    } else if (fieldLength === 2 && buffer.startsWith('id', start)) {
      const value = buffer.slice(valueStart, end);
      if (!value.includes('\0')) this.id = value;
      this.hasFields = true;
    }
    // `retry:` and unknown fields are ignored, as the standard says.
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

/**
 * Reads a byte stream as SSE items, one batch per chunk received (the parsers handle a batch in
 * one go, so per-item cost stays a function call, not an await). Invalid UTF-8 becomes U+FFFD;
 * it never throws on content.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, options: ReadSseOptions = {}): AsyncGenerator<SseItem[]> {
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
      const items = parser.push(decoder.decode(value, { stream: true }));
      if (items.length) yield items;
    }
    finished = true;
    const tail = decoder.decode();
    const items = [...(tail ? parser.push(tail) : []), ...parser.end()];
    if (items.length) yield items;
  } finally {
    // A consumer that stops early (terminator seen, error, cancel) closes the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Runs a wire parser's per-item step over SSE batches and yields each batch's events together.
 * `step` returns true once the stream is complete (terminator seen): reading stops there and
 * this returns true; it returns false when the stream ended first. Events a step produced
 * before throwing are yielded before the error, so a consumer sees all output that arrived.
 */
export async function* eventsPerBatch<E>(
  batches: AsyncIterable<SseItem[]>,
  step: (item: SseItem, out: E[]) => boolean,
): AsyncGenerator<E[], boolean> {
  for await (const batch of batches) {
    const out: E[] = [];
    let complete = false;
    try {
      for (const item of batch) {
        if (step(item, out)) {
          complete = true;
          break;
        }
      }
    } catch (error) {
      if (out.length) yield out;
      throw error;
    }
    if (out.length) yield out;
    if (complete) return true;
  }
  return false;
}
