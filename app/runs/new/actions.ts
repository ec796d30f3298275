'use server';

import { startComparison, type ComparisonResult } from '@/lib/runs/comparisons';
import { startRun, type StartRunResult } from '@/lib/runs/start-run';

/** Starts a run from the New run form. Validation is the same zod schema the client shows errors from. */
export async function startRunAction(input: unknown): Promise<StartRunResult> {
  return startRun(input);
}

/** "Run on several profiles": starts the comparison, validated with the schema of POST /api/comparisons. */
export async function startComparisonAction(input: unknown): Promise<ComparisonResult> {
  return startComparison(input);
}
