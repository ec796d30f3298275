import { describe, expect, it } from 'vitest';
import { HOSTILE, RAW_CONTROL } from './fixtures';
import { terminalJson, terminalSafe, terminalSafeText } from './terminal-safe';

describe('terminalSafeText', () => {
  it('shows C0 controls and DEL as control pictures, C1 and bidi controls as <U+…>, and keeps \\n and \\t', () => {
    expect(terminalSafeText('\u001b]52;c;aGk=\u0007')).toBe('␛]52;c;aGk=␇');
    expect(terminalSafeText('\u001b[2J\u001b]0;title\u0007')).toBe('␛[2J␛]0;title␇');
    expect(terminalSafeText('\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007')).toBe('␛]8;;https://evil.example/␇link␛]8;;␇');
    expect(terminalSafeText('\u009b2J \u0085 \u007f \u0000')).toBe('<U+009B>2J <U+0085> ␡ ␀');
    expect(terminalSafeText('abc\u202edef\u2066x\u2069')).toBe('abc<U+202E>def<U+2066>x<U+2069>');
    expect(terminalSafeText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('keeps CR LF as a line end and shows a lone CR, which would overwrite the line', () => {
    expect(terminalSafeText('one\r\ntwo\rthree\r')).toBe('one\ntwo␍three␍');
  });

  it('leaves printable text, emoji and other scripts alone', () => {
    const text = 'Grüße — 你好 🙂 ←→ "quoted" \\u001b';
    expect(terminalSafeText(text)).toBe(text);
  });
});

/** Every string in a JSON-like value, keys included. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)])
      : [];

describe('terminalSafe', () => {
  it('makes every string in a value safe, object keys included, and leaves other values as they are', () => {
    const date = new Date('2030-01-01T00:00:00.000Z');
    const value = { [`k${HOSTILE}`]: [`v${HOSTILE}`, 1, null, true, { deep: HOSTILE }], at: date };
    const safe = terminalSafe(value);
    expect(strings(safe).filter((text) => RAW_CONTROL.test(text))).toEqual([]);
    expect(Object.keys(safe)[0]).toBe(`k${terminalSafeText(HOSTILE)}`);
    expect(safe.at).toBe(date);
    expect(value[`k${HOSTILE}`]).toEqual([`v${HOSTILE}`, 1, null, true, { deep: HOSTILE }]);
  });
});

describe('terminalJson', () => {
  it('is the same JSON value with DEL, C1 and bidi controls escaped too (JSON.stringify leaves them raw)', () => {
    const value = { text: HOSTILE, [HOSTILE]: [HOSTILE] };
    expect(RAW_CONTROL.test(JSON.stringify(value))).toBe(true);
    const json = terminalJson(value, 2);
    expect(RAW_CONTROL.test(json)).toBe(false);
    expect(json).toContain('\\u009b2J');
    expect(JSON.parse(json)).toEqual(value);
  });
});
