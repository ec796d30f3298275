/** The contract between the HTTP server and the wire modules. */
import type { z } from 'zod';
import type { ErrorTarget, SimResponse } from './errors';
import type { QuotaUsage } from './quota';
import type { Frame } from './sse';
import type { SimulatorState } from './state';

export type RouteContext = {
  state: SimulatorState;
  body: unknown;
  headers: Record<string, string>;
  /** Who the route answers: its family (the error envelope) and this request's provider-style id (`req_…`). */
  target: ErrorTarget;
  /** Milliseconds since the request arrived (for `openai-processing-ms`). */
  elapsedMs: () => number;
  /** False when a fault will break this response: do not store it for later turns. */
  willComplete: boolean;
  /**
   * Runs `effect` once the whole response reached the client (not when a fault cuts or truncates
   * it, nor when the client went away first). Prompt-cache writes go through it: a prefix counts as
   * written only when the usage that reported the write was delivered.
   */
  afterDelivery: (effect: () => void) => void;
  /** Takes the response's tokens from the key's rate limits (quota.ts); the server then reports what is left in the headers. */
  chargeQuota: (usage: QuotaUsage) => void;
  /** `echo_key_in_stream`: the answer repeats the key that was sent, streamed `chunkChars` characters per delta. */
  echoKey: { key: string; chunkChars: number } | null;
};

export type RouteResult =
  | { kind: 'json'; response: SimResponse }
  | {
      kind: 'sse';
      status: number;
      headers: Record<string, string>;
      frames: Frame[];
      /** What the provider sends when the stream fails after `framesWritten` frames (`error_midstream`). */
      errorFrames: (framesWritten: number) => Frame[];
    };

export function json(response: SimResponse): RouteResult {
  return { kind: 'json', response };
}

/** A 200 event stream: its frames, and those a fault that breaks it after `framesWritten` sends instead. */
export function sse(headers: Record<string, string>, frames: Frame[], errorFrames: (framesWritten: number) => Frame[]): RouteResult {
  return { kind: 'sse', status: 200, headers, frames, errorFrames };
}

/** `messages[0].content` style path of a zod issue. */
export function issuePath(path: ReadonlyArray<PropertyKey>, style: 'brackets' | 'dots'): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += style === 'brackets' ? `[${segment}]` : `.${segment}`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

export function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a content value: a string, or an array of parts with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}

/** A compact, stable serialization used for hashing and token estimates. */
export function stable(value: unknown): string {
  return JSON.stringify(value) ?? '';
}
