/**
 * Postgres refuses two things JavaScript strings may hold: NUL (`\u0000`, in text and jsonb alike)
 * and lone UTF-16 surrogates (jsonb's parser rejects them; in text they would turn into U+FFFD on
 * the way). Both are replaced visibly, one character for one, before anything is written — a tool
 * that reads a binary file, a model that emits NUL or a hostile bundle must not cost a run its rows.
 */

export const NUL_SYMBOL = '\u2400'; // ␀
export const REPLACEMENT_CHARACTER = '\uFFFD';

export function storableText(text: string): string {
  const withoutNul = text.includes('\0') ? text.replaceAll('\0', NUL_SYMBOL) : text;
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
}

/** What a person is told about the characters a field may not hold (null: none). */
export function unstorableCharacters(text: string): string | null {
  if (text.includes('\0')) return 'a NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'an unpaired UTF-16 surrogate';
  return null;
}
