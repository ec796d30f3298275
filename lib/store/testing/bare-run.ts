// Test support: a run row with no profile, turns or calls behind it, for the tests of what hangs off a run.
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';

/** A queued run of the Simulator (openai-chat, model "m"); `data` sets any column. */
export function createBareRun(db: Database, data: Partial<Prisma.RunUncheckedCreateInput> = {}) {
  return db.run.create({
    data: { task: 't', profileName: 'p', provider: 'simulator', runtime: 'openai-chat', model: 'm', profile: {}, ...data },
  });
}
