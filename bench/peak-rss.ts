// The peak memory of processes the bench started (workers): the kernel keeps each one's high-water
// mark (VmHWM), but only while the process lives, so it is read every 250 ms and once more just
// before the bench stops them — a process that dies keeps the last value read.
import { readFileSync } from 'node:fs';
import { parsePeakRssKiB } from './proc-readings';

const SAMPLE_INTERVAL_MS = 250;

function readPeakRssMiB(pid: number): number | null {
  try {
    return Math.round(parsePeakRssKiB(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024);
  } catch {
    return null; // it is gone
  }
}

/** Watches the peak RSS of `pids`; `stop()` (before they are stopped) gives each one's in MiB (null: never read). */
export function watchPeakRss(pids: number[]): { stop(): { peaksMiB: Array<number | null>; samples: number } } {
  const peaks: Array<number | null> = pids.map(() => null);
  let samples = 0;
  const sample = () => {
    pids.forEach((pid, index) => {
      const value = readPeakRssMiB(pid);
      if (value !== null) peaks[index] = Math.max(peaks[index] ?? 0, value);
    });
    samples += 1;
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peaksMiB: peaks, samples };
    },
  };
}
