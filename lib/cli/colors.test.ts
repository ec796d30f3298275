import { describe, expect, it } from 'vitest';
import { colorsEnabled, createColors } from './colors';

describe('colours', () => {
  it('are on only for a terminal without NO_COLOR', () => {
    expect(colorsEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorsEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorsEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorsEnabled({}, {})).toBe(false);
  });

  it('leave text untouched when off', () => {
    expect(createColors(false).red('x')).toBe('x');
    expect(createColors(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
