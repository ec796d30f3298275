import type { Database } from '@/lib/store/database';

/**
 * The server's guard against starting one run twice. The New run form sends an idempotency key
 * made once per rendering of the form; a second submission with the same key within this window
 * answers with the run the first one started instead of creating another. (Keys are random, so a
 * window only bounds the lookup: the `createdAt` index finds the candidates.)
 */
export const START_KEY_WINDOW_MS = 10 * 60_000;

/** The first half of the advisory lock key ("SBk1"): start keys lock within their own class. */
const START_KEY_LOCK_CLASS = 0x53426b31;

type RunData = Parameters<Database['run']['create']>[0]['data'] & { task: string; profileName: string; options: object };

export type CreateOnceResult = { ok: true; runId: string; replayed?: boolean } | { ok: false; fieldErrors: Record<string, string[]>; message: string };

/**
 * Creates the run; with a key, at most once per key. The key is kept in the run's `options`
 * (`idempotencyKey`). Same-key requests are serialized by a transaction-scoped advisory lock on
 * the key, so two requests racing on any number of web processes (one database) cannot both miss
 * each other: the second waits for the first to commit, then finds its run. No schema change.
 */
export async function createRunOnce(db: Database, key: string | undefined, data: RunData): Promise<CreateOnceResult> {
  if (!key) {
    const run = await db.run.create({ data });
    return { ok: true, runId: run.id };
  }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${START_KEY_LOCK_CLASS}::int4, hashtext(${key}))`;
    const earlier = await tx.run.findFirst({
      where: { createdAt: { gte: new Date(Date.now() - START_KEY_WINDOW_MS) }, options: { path: ['idempotencyKey'], equals: key } },
      select: { id: true, task: true, profileName: true },
      orderBy: { createdAt: 'desc' },
    });
    if (earlier) {
      if (earlier.task === data.task && earlier.profileName === data.profileName) return { ok: true as const, runId: earlier.id, replayed: true };
      // The same key with another task: not a repeat, and not something to start silently either.
      return {
        ok: false as const,
        fieldErrors: { form: ['This form already started a different run. Reload the page to start another one.'] },
        message: 'This form was already used.',
      };
    }
    const run = await tx.run.create({ data: { ...data, options: { ...data.options, idempotencyKey: key } } });
    return { ok: true as const, runId: run.id };
  });
}
