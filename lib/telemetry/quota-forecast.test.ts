import { describe, expect, it } from 'vitest';
import { forecastExhaustion, FORECAST_LOOKBACK_MS } from './quota-forecast';

const t0 = Date.parse('2026-12-07T10:00:00.000Z');
const at = (seconds: number, pct: number) => ({ at: t0 + seconds * 1000, pct });

describe('forecastExhaustion', () => {
  it('a steady fall runs out at the latest value ÷ the rate', () => {
    // 10 points every 10 s: 60 points a minute; 40 % left → 40 s after the latest sample.
    const forecast = forecastExhaustion([at(0, 90), at(10, 80), at(20, 70), at(30, 60), at(40, 50), at(50, 40)]);
    expect(forecast).toEqual({ exhaustsAt: t0 + 90_000, pctPerMinute: 60, samples: 6, since: t0 });
  });

  it('fits a noisy fall with least squares, anchored at the latest sample', () => {
    const forecast = forecastExhaustion([at(0, 80), at(10, 76), at(20, 60), at(30, 58)])!;
    // slope = Σ(Δt·Δp) ÷ Σ(Δt²) = −410 ÷ 500 points per second.
    expect(forecast.pctPerMinute).toBeCloseTo(49.2, 6);
    expect(Math.abs(forecast.exhaustsAt - (t0 + 30_000 + (58 / 0.82) * 1000))).toBeLessThanOrEqual(1);
  });

  it('only the samples after the last rise of 5 points count (a reset or a refill starts anew)', () => {
    const forecast = forecastExhaustion([at(0, 100), at(10, 20), at(20, 95), at(30, 85), at(40, 75)])!;
    expect(forecast).toMatchObject({ samples: 3, since: t0 + 20_000, pctPerMinute: 60, exhaustsAt: t0 + 40_000 + 75_000 });
    // A small rise (a token bucket refilling between requests) does not start anew.
    expect(forecastExhaustion([at(0, 90), at(10, 80), at(20, 82), at(30, 70)])!.samples).toBe(4);
  });

  it('only the last five minutes count', () => {
    const old = { at: t0 - FORECAST_LOOKBACK_MS - 1000, pct: 100 };
    expect(forecastExhaustion([old, at(0, 50), at(60, 40)])).toMatchObject({ samples: 2, since: t0, pctPerMinute: 10 });
  });

  it('null when not decreasing: flat, rising, less than a point of fall, or a single sample', () => {
    expect(forecastExhaustion([])).toBeNull();
    expect(forecastExhaustion([at(0, 50)])).toBeNull();
    expect(forecastExhaustion([at(0, 50), at(10, 50), at(20, 50)])).toBeNull();
    expect(forecastExhaustion([at(0, 40), at(10, 42), at(20, 44)])).toBeNull();
    expect(forecastExhaustion([at(0, 99.9), at(60, 99.5)])).toBeNull();
    expect(forecastExhaustion([at(0, 50), at(0, 40)])).toBeNull();
  });

  it('at 0 % it is exhausted now', () => {
    expect(forecastExhaustion([at(0, 30), at(10, 0)])).toEqual({ exhaustsAt: t0 + 10_000, pctPerMinute: 180, samples: 2, since: t0 });
    expect(forecastExhaustion([at(5, 0)])).toEqual({ exhaustsAt: t0 + 5000, pctPerMinute: 0, samples: 1, since: t0 + 5000 });
  });
});
