/**
 * People count turns from 1; the data counts from 0 (`Turn.index`, the `index` / `turnIndex` fields
 * of events, API answers and export bundles). Everything a person reads or types — the run page,
 * the comparison, artifact file names, the CLI, span names, `--turn`, the fork command's `turn` —
 * goes through these two functions. Client-safe.
 */

/** The number a person reads for the turn at `index` (the first turn is turn 1). */
export function turnNumber(index: number): number {
  return index + 1;
}

/** The index of the turn a person calls `number`. */
export function turnIndexOf(number: number): number {
  return number - 1;
}

/** The file an error artifact downloads as, under `errors/`: `turn_1.json` for the first turn. */
export function errorArtifactFileName(index: number): string {
  return `turn_${turnNumber(index)}.json`;
}

/** `turn_<n>.json` (n ≥ 1, as people count, no leading zero) → the turn's index; anything else → null. */
export function parseErrorArtifactFileName(file: string): number | null {
  const match = /^turn_([1-9]\d{0,5})\.json$/.exec(file);
  return match ? turnIndexOf(Number(match[1])) : null;
}
