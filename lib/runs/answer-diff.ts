/** A piece of a word diff: text both answers have, or only the second (`added`) or only the first (`removed`). */
export type DiffPiece = { op: 'same' | 'added' | 'removed'; text: string };

/** Above this many words on either side the diff compares lines instead (the table is words × words). */
const MAX_WORDS = 1500;

function tokens(text: string, byLine: boolean): string[] {
  return (byLine ? text.match(/[^\n]*\n|[^\n]+$/g) : text.match(/\s*\S+\s*/g)) ?? [];
}

/**
 * How `after` differs from `before`, word by word (white space kept with its word): the longest
 * common subsequence, then runs of the same op merged. Long answers are compared line by line.
 */
export function diffAnswers(before: string, after: string): DiffPiece[] {
  const byLine = Math.max(before.split(/\s+/).length, after.split(/\s+/).length) > MAX_WORDS;
  const a = tokens(before, byLine);
  const b = tokens(after, byLine);
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i * width + j] =
        a[i]!.trim() === b[j]!.trim()
          ? common[(i + 1) * width + j + 1]! + 1
          : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
  const pieces: DiffPiece[] = [];
  const push = (op: DiffPiece['op'], text: string) => {
    const last = pieces[pieces.length - 1];
    if (last?.op === op) last.text += text;
    else pieces.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.trim() === b[j]!.trim()) {
      push('same', b[j]!);
      i++;
      j++;
    } else if (common[(i + 1) * width + j]! >= common[i * width + j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return pieces;
}
