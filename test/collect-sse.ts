// Reading a server-sent events body in a test: the messages so far, and waiting for one.
import { parseSse, type ParsedSseMessage } from '@/lib/runs/sse';

/** Reads the stream in the background; `until` resolves once a message matches. */
export function collectSse(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const waiters: { test: (messages: ParsedSseMessage[]) => boolean; resolve: () => void }[] = [];
  const check = () => {
    const messages = parseSse(text.slice(0, text.lastIndexOf('\n\n') + 2));
    for (const waiter of [...waiters]) {
      if (waiter.test(messages)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const finished = (async () => {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      check();
    }
    done = true;
    check();
  })();
  return {
    get text() {
      return text;
    },
    get done() {
      return done;
    },
    messages: () => parseSse(text),
    /** Resolves once a message matches; the timeout only ends a wait for what never comes (a slow machine delivers late). */
    until: (test: (messages: ParsedSseMessage[]) => boolean, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got:\n${text}`)), timeoutMs);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
        check();
      }),
    finished,
    cancel: () => reader.cancel(),
  };
}
