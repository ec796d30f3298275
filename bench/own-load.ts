// How busy the bench's own process is while its SSE clients follow the runs: a client reads its
// chunk only when this process's event loop gets to it, so a loop that lags adds to every delay the
// clients measure. Its CPU (in cores) and the loop's delay say whether the clients are the bottleneck.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type OwnLoad = {
  /** CPU this process used (user + system) over the wall time: 1 = one core busy all along. */
  cores: number;
  /** How late the event loop ran a timer (beyond its interval), p99 and worst, in ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};

/** The loop is looked at every 10 ms; the histogram holds the whole interval, so the lag is what is beyond it. */
const RESOLUTION_MS = 10;

export function watchOwnLoad(): { stop(): OwnLoad } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  return {
    stop() {
      histogram.disable();
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - started;
      const lagMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
      return {
        cores: Math.round(((used.user + used.system) / 1000 / Math.max(1, wallMs)) * 100) / 100,
        loopDelayP99Ms: lagMs(histogram.percentile(99)),
        loopDelayMaxMs: lagMs(histogram.max),
      };
    },
  };
}
