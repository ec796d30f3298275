import { describe, expect, it } from 'vitest';
import { countBars, countColumn, fieldColumn, fieldLine } from './point-fields';

type Point = { bucket: string; calls: number; ratio: number | null };
const point: Point = { bucket: '2025-01-01T00:00:00.000Z', calls: 1234, ratio: null };

describe('point fields', () => {
  it('draws bars of a count field under its own key, a dash for a missing value', () => {
    const bars = countBars<'calls', Point>('calls', 'Calls', 'red', { stack: 'outcome' });
    expect(bars).toMatchObject({ key: 'calls', name: 'Calls', kind: 'bar', color: 'red', stack: 'outcome' });
    expect(bars.value(point)).toBe(1234);
    expect(bars.format(1234)).toBe('1,234');
    expect(bars.format(null)).toBe('–');
  });

  it('draws a line of a field with its format, and takes a link of its own', () => {
    const line = fieldLine<'ratio', Point>('ratio', 'Ratio', 'blue', (value) => `${value ?? 'none'}`, {
      axis: 'right',
      href: (at) => `/runs?at=${at.bucket}`,
    });
    expect(line).toMatchObject({ key: 'ratio', kind: 'line', axis: 'right' });
    expect(line.value(point)).toBeNull();
    expect(line.format(line.value(point))).toBe('none');
    expect(line.href?.(point)).toBe('/runs?at=2025-01-01T00:00:00.000Z');
  });

  it('shows a field in a numeric table column', () => {
    expect(countColumn('Calls', 'calls')).toMatchObject({ header: 'Calls', numeric: true });
    expect(countColumn('Calls', 'calls').cell(point)).toBe('1,234');
    expect(fieldColumn('Ratio', 'ratio', (value: number | null) => (value === null ? 'n/a' : `${value}`)).cell(point)).toBe('n/a');
  });
});
