import type { ServerResponse } from 'node:http';

/**
 * One server-sent event, already serialized. `phase` places it in the stream: `head` (before any
 * content), `body` (content; `delta` marks a content delta) and `tail` (finish, usage, terminator).
 */
export type Frame = { raw: string; phase: 'head' | 'body' | 'tail'; delta?: boolean };

/** `data: <json>` — OpenAI Chat Completions / OpenRouter chunks. */
export function dataFrame(payload: unknown, phase: Frame['phase'], delta = false): Frame {
  return { raw: `data: ${JSON.stringify(payload)}\n\n`, phase, delta };
}

/** `event: <name>` + `data: <json>` — Anthropic Messages and OpenAI Responses events. */
export function eventFrame(event: string, payload: unknown, phase: Frame['phase'], delta = false): Frame {
  return { raw: `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`, phase, delta };
}

/** A frame whose bytes are given verbatim (e.g. Python-style `{"type": "ping"}`). */
export function rawFrame(raw: string, phase: Frame['phase']): Frame {
  return { raw, phase };
}

/** An SSE comment such as `: OPENROUTER PROCESSING`. */
export function commentFrame(text: string, phase: Frame['phase']): Frame {
  return { raw: `: ${text}\n\n`, phase };
}

export const DONE_FRAME: Frame = { raw: 'data: [DONE]\n\n', phase: 'tail' };

/** What to do to a stream part-way: send error events and end, or drop the connection. */
export type StreamFault =
  | { kind: 'error'; after: number; frames: (framesWritten: number) => Frame[] }
  | { kind: 'reset'; after: number }
  | { kind: 'close'; after: number };

function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve();
    res.write(chunk, () => resolve());
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes frames with `delayMs` between them. With a fault, after `after` content deltas (or at
 * the first tail frame, if the content is shorter) the stream either gets the provider's error
 * events and ends, ends cleanly without its terminal events (`close`), or has its socket destroyed
 * with no terminator at all (`reset`). True when every frame was written and the response ended
 * normally (no fault, the client still there).
 */
export async function writeFrames(res: ServerResponse, frames: Frame[], delayMs: number, fault?: StreamFault): Promise<boolean> {
  let deltas = 0;
  let written = 0;
  let first = true;
  for (const frame of frames) {
    if (res.destroyed) return false;
    if (fault && frame.phase !== 'head' && (deltas >= fault.after || frame.phase === 'tail')) {
      if (fault.kind === 'error') {
        for (const errorFrame of fault.frames(written)) await write(res, errorFrame.raw);
        res.end();
      } else if (fault.kind === 'close') {
        res.end();
      } else {
        await sleep(Math.max(delayMs, 10));
        res.socket?.destroy();
        res.destroy();
      }
      return false;
    }
    if (!first && delayMs > 0) await sleep(delayMs);
    first = false;
    await write(res, frame.raw);
    written += 1;
    if (frame.delta) deltas += 1;
  }
  return endResponse(res);
}

/** Ends the response; true when it was flushed to a client that is still there. */
export function endResponse(res: ServerResponse, body?: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const onClose = () => resolve(res.writableFinished);
    res.once('close', onClose);
    const done = () => {
      res.off('close', onClose);
      resolve(res.writableFinished);
    };
    if (body) res.end(body, done);
    else res.end(done);
  });
}
