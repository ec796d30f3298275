'use server';

import { queue, services } from '@/lib/agent/services';
import { startRun, type StartRunResult } from '@/lib/runs/run-service';

/** Starts a run from the New run form. Validation is the same zod schema the client shows errors from. */
export async function startRunAction(input: unknown): Promise<StartRunResult> {
  const { db, profiles } = services();
  return startRun({ db, boss: await queue(), profiles }, input);
}
