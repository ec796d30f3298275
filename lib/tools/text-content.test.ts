import { describe, expect, it } from 'vitest';
import { leadingContinuationBytes, looksBinary, utf8CharBoundaryBefore } from './text-content';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('text-content', () => {
  it('tells text from binary', () => {
    expect(looksBinary(bytes('plain ascii\nand é€😀'), true)).toBe(false);
    expect(looksBinary(new Uint8Array([0x61, 0, 0x62]), true)).toBe(true);
    expect(looksBinary(new Uint8Array([0x63, 0xe9, 0x21]), true)).toBe(true);
  });

  it('does not hold a character cut at the end of a sample against it', () => {
    const cut = bytes('ab€').subarray(0, 4); // "ab" + 2 of the 3 bytes of €
    expect(looksBinary(cut, false)).toBe(false);
    expect(looksBinary(cut, true)).toBe(true);
  });

  it('finds character boundaries', () => {
    const text = bytes('a€😀'); // 1 + 3 + 4 bytes
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((end) => utf8CharBoundaryBefore(text, end))).toEqual([1, 1, 1, 4, 4, 4, 4, 8]);
    expect(leadingContinuationBytes(text.subarray(2))).toBe(2);
    expect(leadingContinuationBytes(text.subarray(4))).toBe(0);
  });
});
