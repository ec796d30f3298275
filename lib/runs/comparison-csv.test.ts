import { describe, expect, it } from 'vitest';
import { csvCell } from './comparison-csv';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, and leaves what was not reported empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0)).toBe('0');
  });

  it('never hands a spreadsheet a formula from run content', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tx'])
      expect(csvCell(hostile).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell(-2)).toBe('-2');
  });
});
