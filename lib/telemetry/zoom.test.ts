import { describe, expect, it } from 'vitest';
import { bucketStarts } from './buckets';
import { searchToQueryString } from './window';
import { parseTelemetrySearch } from './window-schema';
import { zoomWindow } from './zoom';

// A 24 h window that starts and ends mid-bucket: 15-minute buckets, the first and last partial.
const window = { from: '2026-11-25T10:07:00.000Z', to: '2026-11-26T10:07:00.000Z', bucketSeconds: 900 };
const buckets = bucketStarts(new Date(window.from), new Date(window.to), window.bucketSeconds).map((start) => start.toISOString());

describe('zoomWindow', () => {
  it('covers the picked buckets, start to end', () => {
    expect(zoomWindow(buckets, 4, 7, window)).toEqual({ from: '2026-11-25T11:00:00.000Z', to: '2026-11-25T12:00:00.000Z' });
  });

  it('clamps edge buckets to the window shown', () => {
    expect(zoomWindow(buckets, 0, 1, window)).toEqual({ from: window.from, to: '2026-11-25T10:30:00.000Z' });
    expect(zoomWindow(buckets, buckets.length - 2, buckets.length - 1, window)).toEqual({
      from: '2026-11-26T09:45:00.000Z',
      to: window.to,
    });
  });

  it('takes the indexes in either order', () => {
    expect(zoomWindow(buckets, 7, 4, window)).toEqual(zoomWindow(buckets, 4, 7, window));
  });

  it('is null when every bucket is picked: nothing to zoom into', () => {
    expect(zoomWindow(buckets, 0, buckets.length - 1, window)).toBeNull();
    expect(zoomWindow([], 0, 0, window)).toBeNull();
  });

  it('gives a window the URL accepts, even for one bucket of the smallest width', () => {
    const hour = { from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T10:00:00.000Z', bucketSeconds: 60 };
    const minutes = bucketStarts(new Date(hour.from), new Date(hour.to), 60).map((start) => start.toISOString());
    const zoomed = zoomWindow(minutes, 20, 20, hour)!;
    const parsed = parseTelemetrySearch(new URLSearchParams(searchToQueryString({ window: 'custom', ...zoomed })));
    expect(parsed.success && parsed.data.search).toEqual({
      window: 'custom',
      from: '2026-11-26T09:20:00.000Z',
      to: '2026-11-26T09:21:00.000Z',
    });
  });
});
