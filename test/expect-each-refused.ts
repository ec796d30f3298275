// Shared by the bad-input tests of the route handlers (app/api/**/route.test.ts): a list of bad
// inputs, each sent on its own and each refused the same way.
import { expectJsonError, expectNothingWritten } from './bad-input';

/**
 * Sends every input through `send`, one at a time: each answer must be a `status` JSON error and
 * write nothing. `check` then looks at the answer's body (labelled with the input, as failures are).
 */
export async function expectEachRefused<T>(
  inputs: readonly T[],
  status: number,
  send: (input: T) => Promise<Response>,
  check: (body: Record<string, unknown>, input: T, label: string) => void = () => undefined,
): Promise<void> {
  for (const input of inputs) {
    const label = JSON.stringify(input).slice(0, 120);
    const response = await expectNothingWritten(() => send(input), label);
    check(await expectJsonError(response, status), input, label);
  }
}
