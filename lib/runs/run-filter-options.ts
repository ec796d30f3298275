import 'server-only';
import type { Database } from '@/lib/store/database';
import { providerModelPairs } from '@/lib/store/provider-model-pairs';
import { RUN_ERROR_KINDS } from './error-kinds';

export type RunFilterOptions = {
  /** Providers that have runs, sorted. */
  providers: string[];
  /** The models of those runs, with their provider, sorted by provider then model. */
  models: { provider: string; model: string }[];
  /** The fixed error kinds (lib/runs/error-kinds.ts). */
  errorKinds: readonly string[];
};

const MAX_PAIRS = 1000;

/**
 * The runs filter's choices, from the data: the distinct (provider, model) pairs of Run, read by a
 * loose index scan on `Run(provider, model, createdAt)` (like the telemetry filter options on ProviderCall).
 */
export async function runFilterOptions(db: Database): Promise<RunFilterOptions> {
  const rows = await providerModelPairs(db, { table: 'Run', modelColumn: 'model' }, MAX_PAIRS);
  return {
    providers: [...new Set(rows.map((row) => row.provider))],
    models: rows.map((row) => ({ provider: row.provider, model: row.model })),
    errorKinds: RUN_ERROR_KINDS,
  };
}
