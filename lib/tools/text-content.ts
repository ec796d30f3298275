/** Deciding whether bytes are text, and cutting UTF-8 without splitting a character. */

/** How much of a file decides whether it is text (git looks at the first 8000 bytes). */
export const TEXT_SNIFF_BYTES = 8192;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Binary means a NUL byte or bytes that are not UTF-8. `complete` is false when `sample` is the
 * start of a longer file: a character cut at its end is then not held against it.
 */
export function looksBinary(sample: Uint8Array, complete: boolean): boolean {
  if (sample.includes(0)) return true;
  const end = complete ? sample.length : utf8CharBoundaryBefore(sample, sample.length);
  try {
    strictUtf8.decode(sample.subarray(0, end));
    return false;
  } catch {
    return true;
  }
}

/** The largest index ≤ `end` that does not cut a UTF-8 character of `bytes` in two. */
export function utf8CharBoundaryBefore(bytes: Uint8Array, end: number): number {
  // Find the lead byte of the last character: step back over up to three continuation bytes.
  let lead = end - 1;
  while (lead >= 0 && end - lead <= 3 && isContinuation(bytes[lead])) lead -= 1;
  if (lead < 0) return end;
  return lead + sequenceLength(bytes[lead] ?? 0) > end ? lead : end;
}

/** The number of continuation bytes at the start of `bytes` (a read that began mid-character). */
export function leadingContinuationBytes(bytes: Uint8Array): number {
  let count = 0;
  while (count < 3 && count < bytes.length && isContinuation(bytes[count])) count += 1;
  return count;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0b1100_0000) === 0b1000_0000;
}

function sequenceLength(lead: number): number {
  if (lead >= 0b1111_0000) return 4;
  if (lead >= 0b1110_0000) return 3;
  if (lead >= 0b1100_0000) return 2;
  return 1;
}
