import type pg from 'pg';

/** A statement as Prisma's query log gives it: SQL, its parameters (JSON), how long the client waited. */
export type LoggedQuery = { query: string; params: string; duration: number };

/** The execution time a plan reports (`Execution Time: 1.234 ms`), in ms; null when it has none. */
export function executionMs(plan: readonly string[]): number | null {
  for (const line of plan) {
    const match = /^Execution Time: ([\d.]+) ms$/.exec(line.trim());
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * Explains every statement (EXPLAIN (ANALYZE, BUFFERS), run again) and prints the plan of the one
 * the server took longest over. By the server's time, not the client's: on a busy machine the
 * client's wait is mostly waiting for a core, and would name a trivial statement.
 */
export async function explainSlowest(pool: pg.Pool, heading: string, statements: readonly LoggedQuery[]): Promise<void> {
  let slowest: { statement: LoggedQuery; plan: string[]; ms: number } | null = null;
  for (const statement of statements) {
    const result = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`,
      JSON.parse(statement.params) as unknown[],
    );
    const plan = result.rows.map((row) => row['QUERY PLAN']);
    const ms = executionMs(plan) ?? 0;
    if (!slowest || ms > slowest.ms) slowest = { statement, plan, ms };
  }
  if (!slowest) return;
  console.log(`[bench] ${heading}; its slowest statement (${slowest.ms} ms on the server, of ${statements.length}):`);
  console.log(slowest.statement.query.replace(/\s+/g, ' ').slice(0, 600));
  console.log(slowest.plan.join('\n'));
}
