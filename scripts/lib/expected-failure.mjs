// Failures a person can act on (a port in use, a tool that failed with its output shown, a
// setting to change) are reported as their message alone; anything else is a bug and keeps its stack.

export class ExpectedFailure extends Error {
  name = 'ExpectedFailure';
}

/** The text to print for a failure: the message of an expected one, the stack of anything else. */
export function describeFailure(error) {
  if (error instanceof ExpectedFailure) return error.message;
  return error?.stack ?? String(error);
}
