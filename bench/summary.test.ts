import { describe, expect, it } from 'vitest';
import { atLeast, atMost, exactly, REPORT, type BenchFigure } from './figure';
import { median, summarizeFigure, summarizePasses } from './summary';

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([310, 120, 240])).toBe(240);
    expect(median([5])).toBe(5);
  });

  it('is the mean of the two middle values of an even count, exact to one more decimal', () => {
    expect(median([13, 12, 40, 1])).toBe(12.5);
    expect(median([0.1, 0.2])).toBe(0.15);
    expect(median([1.05, 1.02])).toBe(1.035);
  });

  it('is null without values', () => {
    expect(median([])).toBeNull();
  });
});

describe('summarizeFigure', () => {
  const p95 = { name: 'ingest: chunk → NOTIFY p95', unit: 'ms', target: atMost(50) };

  it('gives the median, the spread and every pass in the order they ran', () => {
    expect(summarizeFigure(p95, [48, 35, 90], [false, false, false])).toEqual({
      name: 'ingest: chunk → NOTIFY p95',
      unit: 'ms',
      target: '≤ 50',
      judgedOn: 'median',
      value: 48,
      min: 35,
      max: 90,
      passes: [48, 35, 90],
      pass: true,
      underLoad: [],
    });
  });

  it('judges a measured target on the median: one slow pass does not fail it, a slow median does', () => {
    expect(summarizeFigure(p95, [40, 45, 400], [false, false, false]).pass).toBe(true);
    expect(summarizeFigure(p95, [40, 60, 400], [false, false, false]).pass).toBe(false);
    expect(summarizeFigure({ ...p95, target: atLeast(20_000) }, [19_000, 21_000, 22_000], [false, false, false]).pass).toBe(true);
  });

  it('judges an exact target in every pass: one pass that lost an event fails it', () => {
    const lost = { name: 'events lost', unit: 'events', target: exactly(0) };
    const summary = summarizeFigure(lost, [0, 3, 0], [false, false, false]);
    expect(summary).toMatchObject({ value: 0, pass: false, judgedOn: 'every pass' });
    expect(summarizeFigure(lost, [0, 0, 0], [false, false, false]).pass).toBe(true);
  });

  it('fails a judged figure that a pass did not measure, and takes the median of the passes that did', () => {
    const summary = summarizeFigure(p95, [40, null, 42, 44], [false, false, false, false]);
    expect(summary).toMatchObject({ value: 42, min: 40, max: 44, passes: [40, null, 42, 44], pass: false });
    expect(summarizeFigure({ ...p95, target: REPORT }, [null, null], [false, false])).toMatchObject({
      value: null,
      min: null,
      max: null,
      pass: true,
    });
  });

  it('numbers the passes that ran under load from 1', () => {
    expect(summarizeFigure(p95, [40, 41, 42], [true, false, true]).underLoad).toEqual([1, 3]);
  });
});

describe('summarizePasses', () => {
  const figure = (name: string, value: number | null): BenchFigure => ({ name, value, unit: 'ms', target: atMost(100) });

  it("matches figures by name across passes, in the first pass's order; a figure a pass lacks is null there", () => {
    const summaries = summarizePasses(
      [
        [figure('a', 1), figure('b', 10)],
        [figure('b', 30), figure('a', 3), figure('c', 7)],
        [figure('a', 2), figure('b', 20)],
      ],
      [false, true, false],
    );
    expect(summaries.map(({ name, passes, value, underLoad }) => ({ name, passes, value, underLoad }))).toEqual([
      { name: 'a', passes: [1, 3, 2], value: 2, underLoad: [2] },
      { name: 'b', passes: [10, 30, 20], value: 20, underLoad: [2] },
      { name: 'c', passes: [null, 7, null], value: 7, underLoad: [2] },
    ]);
    expect(summaries.find((summary) => summary.name === 'c')?.pass).toBe(false);
  });
});
