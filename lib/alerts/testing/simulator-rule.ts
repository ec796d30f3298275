// Test support: an alert rule on the Simulator's calls, created as the rules form creates it.
import type { Database } from '@/lib/store/database';
import { createAlertRule } from '../rules';

/** When the rule fires, as the form takes it. */
export type RuleCondition = {
  metric: string;
  comparison: string;
  threshold: string | number;
  windowSeconds: string | number;
  webhookUrl?: string;
};

/**
 * Creates an enabled rule `name` on the Simulator's calls to `model` (a model of the test's own, so
 * that other tests' calls in the shared database do not count), counting from one call; fails if it
 * is refused. Its id is added to `ruleIds`, for the file's cleanup.
 */
export async function createSimulatorRule(
  db: Database,
  ruleIds: string[],
  name: string,
  model: string,
  condition: RuleCondition,
): Promise<string> {
  const created = await createAlertRule(db, { name, provider: 'simulator', model, minCalls: '1', ...condition });
  if (!created.ok) throw new Error(JSON.stringify(created));
  ruleIds.push(created.id);
  return created.id;
}
