// Test support: the statements a client sends to Postgres — each one a round trip — counted on its
// pool's connections (Prisma's queries, BEGIN and COMMIT included, and the store's own).
import type pg from 'pg';
import { sqlPool, type Database } from '../database';

export type StatementCounter = {
  /** The statements sent since the last `take`, and the count starts again. */
  take(): string[];
};

/** Counts on the connections the pool opens from now on: call it on a fresh client, before its first query. */
export function countStatements(db: Database): StatementCounter {
  let sent: string[] = [];
  sqlPool(db).on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      sent.push(typeof first === 'string' ? first : first.text);
      return query(...args);
    }) as typeof client.query;
  });
  return {
    take() {
      const taken = sent;
      sent = [];
      return taken;
    },
  };
}
