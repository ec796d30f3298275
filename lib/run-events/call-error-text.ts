/**
 * How a failed provider call is described to a person (run page strip, transcript, CLI). Client-safe.
 *
 * A call that failed with a 2xx status had its response under way when it broke (a stream cut, an
 * error event inside the stream, a body that was not JSON): "network 200" reads as a contradiction,
 * so the status is said as what it was — the status the response started with.
 */
export function describeCallError(kind: string, httpStatus: number | null): string {
  if (httpStatus === null) return kind;
  const status = describeCallStatus(kind, httpStatus);
  return status.startsWith('HTTP') ? `${kind} ${httpStatus}` : `${kind} — ${status}`;
}

/** The HTTP status of a failed call in words: `HTTP 429`, or `stream cut after HTTP 200` when the response had begun. */
export function describeCallStatus(kind: string, httpStatus: number): string {
  if (httpStatus >= 200 && httpStatus < 300) {
    return kind === 'network' || kind === 'timeout'
      ? `stream cut after HTTP ${httpStatus}`
      : `inside the response, after HTTP ${httpStatus}`;
  }
  return `HTTP ${httpStatus}`;
}

/** A call the user cancelled ended `cancelled`: recorded as such, but it is not a provider error. */
export function isUserCancel(kind: string | null | undefined): boolean {
  return kind === 'cancelled';
}
