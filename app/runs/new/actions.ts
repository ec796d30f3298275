'use server';

import { startRun, type StartRunResult } from '@/lib/runs/start-run';

/** Starts a run from the New run form. Validation is the same zod schema the client shows errors from. */
export async function startRunAction(input: unknown): Promise<StartRunResult> {
  return startRun(input);
}
