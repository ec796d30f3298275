// Shared by the tests and benches that start a process of their own (a worker, the simulator) and
// go on once it says it is ready.
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with `child` once its stdout prints `marker`; rejects when it exits first or stays
 * silent for `timeoutMs`. Its stderr is drained, and its stdout keeps being read, so that a full
 * pipe never stalls it.
 */
export function waitForOutput(child: ChildProcess, marker: string, name: string, timeoutMs = 60_000): Promise<ChildProcess> {
  const stdout = child.stdout!;
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      stdout.off('data', onData);
      child.off('exit', onExit);
      stdout.resume();
      outcome();
    };
    // The marker may come split over two chunks: the end of the last one is kept.
    let tail = '';
    const onData = (chunk: Buffer) => {
      const text = tail + chunk.toString();
      if (text.includes(marker)) settle(() => resolve(child));
      else tail = text.slice(-marker.length);
    };
    const onExit = (code: number | null) => settle(() => reject(new Error(`the ${name} exited with ${code}`)));
    const timer = setTimeout(() => settle(() => reject(new Error(`the ${name} did not start in ${timeoutMs} ms`))), timeoutMs);
    stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
