// Shared by the tests that wait for something to happen elsewhere: a connection coming back, a
// stream delivering, a worker's writes.

/**
 * Polls `probe` every `everyMs` until it gives a truthy value, and returns that value; throws
 * "timed out waiting for <what>" once `timeoutMs` has passed.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs: number,
  everyMs = 50,
): Promise<Exclude<T, null | undefined | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, null | undefined | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
