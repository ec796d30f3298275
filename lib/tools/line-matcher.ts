import { Worker } from 'node:worker_threads';

/**
 * Runs a regular expression over lines of text in a worker thread, so that a pattern that
 * backtracks catastrophically (`(a+)+$`) costs a terminated worker instead of a frozen server:
 * JavaScript cannot interrupt a running RegExp, but it can terminate the thread running it.
 */

export type LineMatch = { line: number; text: string };

export type LineMatcher = {
  /**
   * Matching lines of `text` (1-based, at most `limit`, each trimmed to `maxText` characters), or
   * null when the deadline passed or the signal aborted first (the worker is then terminated).
   */
  match(text: string, options: { limit: number; maxText: number; deadline: number; signal?: AbortSignal }): Promise<LineMatch[] | null>;
  close(): Promise<void>;
};

// Plain CommonJS, evaluated by the worker: no file to resolve, nothing for a bundler to trace.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', ({ text, limit, maxText }) => {
  const lines = text.split(/\r?\n/);
  const matches = [];
  for (let index = 0; index < lines.length && matches.length < limit; index++) {
    const line = lines[index];
    if (pattern.test(line)) {
      const trimmed = line.trim();
      matches.push({ line: index + 1, text: trimmed.length > maxText ? trimmed.slice(0, maxText) : trimmed });
    }
  }
  parentPort.postMessage(matches);
});
`;

export function startLineMatcher(pattern: RegExp): LineMatcher {
  // Without the g / y flags, RegExp#test keeps no state between lines.
  const flags = pattern.flags.replace(/[gy]/g, '');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { source: pattern.source, flags },
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  let terminated = false;
  const terminate = async () => {
    if (terminated) return;
    terminated = true;
    await worker.terminate();
  };

  return {
    match(text, { limit, maxText, deadline, signal }) {
      if (terminated || signal?.aborted || Date.now() >= deadline) return terminate().then(() => null);
      return new Promise<LineMatch[] | null>((resolve, reject) => {
        const stop = () => {
          cleanup();
          void terminate().then(() => resolve(null), reject);
        };
        const timer = setTimeout(stop, deadline - Date.now());
        const onMessage = (matches: LineMatch[]) => {
          cleanup();
          resolve(matches);
        };
        const onError = (error: Error) => {
          cleanup();
          reject(error);
        };
        const onExit = () => {
          cleanup();
          reject(new Error('the matching thread exited'));
        };
        function cleanup() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', stop);
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        }
        signal?.addEventListener('abort', stop, { once: true });
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage({ text, limit, maxText });
      });
    },
    close: terminate,
  };
}
