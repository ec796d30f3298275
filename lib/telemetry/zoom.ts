// A brush on a chart's time axis picks buckets; the window it zooms into is their time range,
// clamped to the window shown (the first and last bucket may stick out of it).
import { bucketRange } from './buckets';

/**
 * The window that buckets `startIndex`…`endIndex` (inclusive, in either order) of `buckets` cover,
 * or null when they are all of them (nothing to zoom into).
 */
export function zoomWindow(
  buckets: readonly string[],
  startIndex: number,
  endIndex: number,
  window: { from: string; to: string; bucketSeconds: number },
): { from: string; to: string } | null {
  const first = Math.max(0, Math.min(startIndex, endIndex));
  const last = Math.min(buckets.length - 1, Math.max(startIndex, endIndex));
  if (last < first || (first === 0 && last === buckets.length - 1)) return null;
  const from = bucketRange(buckets[first]!, window.bucketSeconds, window).from;
  const to = bucketRange(buckets[last]!, window.bucketSeconds, window).to;
  return { from: from.toISOString(), to: to.toISOString() };
}
