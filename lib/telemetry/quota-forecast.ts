// When a quota runs out at its current rate: a forecast from the recent samples of one series.
//
// Method: take the samples of the last FORECAST_LOOKBACK_MS before the latest one, from after the
// last rise of RISE_POINTS or more (a reset, or a refill after a pause: the rate before it no
// longer applies). Fit a straight line to remaining % over time (least squares): its slope is the
// net rate of decrease, what the load takes minus what the provider replenishes meanwhile. When the
// fitted line falls by at least MIN_DROP_POINTS over those samples, the quota runs out at
// latest time + latest % ÷ rate (the latest time itself when it is at 0 % already); otherwise it
// is not decreasing and there is no forecast (null).
// Pure: the query (quota-series.ts) gives the samples.

export const FORECAST_LOOKBACK_MS = 5 * 60_000;
export const RISE_POINTS = 5;
export const MIN_DROP_POINTS = 1;

export type HeadroomSample = { at: number; pct: number };

export type ExhaustionForecast = {
  /** Epoch milliseconds; the latest sample's time when it is already at 0 %. */
  exhaustsAt: number;
  /** The net rate of decrease, in percentage points per minute. */
  pctPerMinute: number;
  /** The samples the rate was fitted to, and the first one's time. */
  samples: number;
  since: number;
};

/** `samples` oldest first. */
export function forecastExhaustion(samples: readonly HeadroomSample[]): ExhaustionForecast | null {
  const latest = samples.at(-1);
  if (!latest) return null;
  let start = samples.length - 1;
  while (start > 0) {
    const previous = samples[start - 1]!;
    if (latest.at - previous.at > FORECAST_LOOKBACK_MS || samples[start]!.pct - previous.pct >= RISE_POINTS) break;
    start -= 1;
  }
  const recent = samples.slice(start);
  const since = recent[0]!.at;
  const span = latest.at - since;
  const slope = recent.length >= 2 && span > 0 ? leastSquaresSlope(recent) : 0;
  if (latest.pct <= 0) return { exhaustsAt: latest.at, pctPerMinute: Math.max(0, -slope * 60_000), samples: recent.length, since };
  if (slope >= 0 || -slope * span < MIN_DROP_POINTS) return null;
  return { exhaustsAt: Math.round(latest.at + latest.pct / -slope), pctPerMinute: -slope * 60_000, samples: recent.length, since };
}

/** Percentage points per millisecond. */
function leastSquaresSlope(samples: readonly HeadroomSample[]): number {
  const origin = samples[0]!.at;
  const n = samples.length;
  const meanT = samples.reduce((sum, sample) => sum + (sample.at - origin), 0) / n;
  const meanP = samples.reduce((sum, sample) => sum + sample.pct, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const sample of samples) {
    const dt = sample.at - origin - meanT;
    covariance += dt * (sample.pct - meanP);
    variance += dt * dt;
  }
  return variance === 0 ? 0 : covariance / variance;
}
