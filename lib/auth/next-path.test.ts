import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

/** Where a browser on the console would really go, following `path` as a redirect. */
function destination(path: string): string {
  return new URL(path, 'http://127.0.0.1:3000/login').origin;
}

describe('safeNextPath', () => {
  it('keeps a path of the console, with its query and fragment', () => {
    expect(safeNextPath('/runs?status=failed&provider=openai#top')).toBe('/runs?status=failed&provider=openai#top');
    expect(safeNextPath('/runs/0193f1a2-aaaa-7bbb-8ccc-000000000000')).toBe('/runs/0193f1a2-aaaa-7bbb-8ccc-000000000000');
    expect(safeNextPath('/%09/evil.com')).toBe('/%09/evil.com'); // an encoded tab is just a path segment here
  });

  it('never leads off the console: backslash, tab, CR/LF, protocol-relative and absolute variants fall back to /', () => {
    const attacks = [
      '/\\127.0.0.1:4998/pwned',
      '/\t/evil.com',
      '/\t/127.0.0.1:4998/pwned',
      '/\r/evil.com',
      '/\n/evil.com',
      '/\r\n/evil.com',
      '\\/\\/evil.com',
      '/\\/evil.com',
      '\\\\evil.com',
      'https://evil.com',
      'http://127.0.0.1:4998/pwned',
      '//evil.com',
      '///evil.com',
      ' //evil.com',
      '/.//evil.com',
      '/a/../..//evil.com',
      'javascript:alert(1)',
      '/\u0000/evil.com',
    ];
    for (const next of attacks) {
      const path = safeNextPath(next);
      expect(path, JSON.stringify(next)).toBe('/');
      expect(destination(path)).toBe('http://127.0.0.1:3000');
    }
  });

  it('falls back when next is missing or not text', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath(undefined, '/runs')).toBe('/runs');
    expect(safeNextPath(['/runs', '//evil.com'])).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });
});
