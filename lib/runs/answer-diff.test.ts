import { describe, expect, it } from 'vitest';
import { diffAnswers } from './answer-diff';

const join = (pieces: { op: string; text: string }[], ops: string[]) =>
  pieces
    .filter((piece) => ops.includes(piece.op))
    .map((piece) => piece.text)
    .join('');

describe('diffAnswers', () => {
  it('marks the words only one answer has, and each side reads back whole', () => {
    const before = 'The file a.txt holds hello.';
    const after = 'The file a.txt holds hello world.';
    const pieces = diffAnswers(before, after);
    expect(join(pieces, ['same', 'removed'])).toBe(before);
    expect(join(pieces, ['same', 'added'])).toBe(after);
    expect(pieces.filter((piece) => piece.op !== 'same').map((piece) => piece.op)).toEqual(['removed', 'added']);
  });

  it('is one same piece for equal answers and one added piece from nothing', () => {
    expect(diffAnswers('same words', 'same words')).toEqual([{ op: 'same', text: 'same words' }]);
    expect(diffAnswers('', 'new')).toEqual([{ op: 'added', text: 'new' }]);
  });

  it('compares long answers line by line', () => {
    const long = (tail: string) => `${'word '.repeat(2000)}\nsecond line ${tail}\n`;
    const pieces = diffAnswers(long('a'), long('b'));
    expect(pieces.map((piece) => piece.op)).toEqual(['same', 'removed', 'added']);
    expect(pieces[1]!.text).toBe('second line a\n');
  });
});
