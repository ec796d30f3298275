import { describe, expect, it } from 'vitest';
import { atLeast, atMost, below, exactly, judgedOn, meetsTarget, REPORT, targetText } from './figure';

describe('bench targets', () => {
  it('writes each target as the report shows it', () => {
    expect([atMost(250), below(1000), atLeast(20_000), exactly(0), atMost(60, { unit: 's' }), REPORT].map(targetText)).toEqual([
      '≤ 250',
      '< 1000',
      '≥ 20000',
      '= 0',
      '≤ 60 s',
      'report',
    ]);
  });

  it('judges each kind of target at its limit', () => {
    expect([meetsTarget(atMost(250), 250), meetsTarget(atMost(250), 250.1)]).toEqual([true, false]);
    expect([meetsTarget(below(1000), 999), meetsTarget(below(1000), 1000)]).toEqual([true, false]);
    expect([meetsTarget(atLeast(20_000), 20_000), meetsTarget(atLeast(20_000), 19_999)]).toEqual([true, false]);
    expect([meetsTarget(exactly(0), 0), meetsTarget(exactly(0), 1)]).toEqual([true, false]);
  });

  it('allows the slack beyond a limit without showing it', () => {
    const target = atMost(10, { unit: 's', slack: 0.5 });
    expect(targetText(target)).toBe('≤ 10 s');
    expect([meetsTarget(target, 10.5), meetsTarget(target, 10.6)]).toEqual([true, false]);
  });

  it('fails a value that was not measured, and never judges a report figure', () => {
    expect(meetsTarget(atMost(50), null)).toBe(false);
    expect(meetsTarget(atLeast(1), Number.NaN)).toBe(false);
    expect(meetsTarget(REPORT, null)).toBe(true);
  });

  it('judges measured targets on the median and exact ones in every pass', () => {
    expect([atMost(1), below(1), atLeast(1), exactly(1), REPORT].map(judgedOn)).toEqual([
      'median',
      'median',
      'median',
      'every pass',
      'not judged',
    ]);
  });
});
