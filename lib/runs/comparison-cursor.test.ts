import { describe, expect, it } from 'vitest';
import { formatComparisonCursor, parseComparisonCursor } from './comparison-cursor';

describe('the comparison cursor', () => {
  it('round-trips each member’s last seq, in column order', () => {
    expect(formatComparisonCursor([12, -1, 40])).toBe('12.-1.40');
    expect(parseComparisonCursor('12.-1.40', 3)).toEqual({ ok: true, cursor: [12, -1, 40] });
    expect(parseComparisonCursor(' 0.7 ', 2)).toEqual({ ok: true, cursor: [0, 7] });
  });

  it('absent or blank: every member from the start; below −1 counts as −1', () => {
    expect(parseComparisonCursor(null, 2)).toEqual({ ok: true, cursor: [-1, -1] });
    expect(parseComparisonCursor('', 3)).toEqual({ ok: true, cursor: [-1, -1, -1] });
    expect(parseComparisonCursor('-5.3', 2)).toEqual({ ok: true, cursor: [-1, 3] });
  });

  it('refuses another member count, non-numbers and huge numbers, with a message', () => {
    for (const value of ['1.2', '1.2.3.4', '1..2', 'a.b.c', '1.2.3.', '1.2.1e3', '1.2.9999999999', '1,2,3']) {
      const parsed = parseComparisonCursor(value, 3);
      expect(parsed.ok, value).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/each of the 3 runs/);
    }
  });
});
