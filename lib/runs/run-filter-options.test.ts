import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { RUN_ERROR_KINDS } from './error-kinds';
import { parseRunListParams } from './list-runs';
import { runFilterOptions } from './run-filter-options';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const db = createDatabase(inject('databaseUrl'));
const PREFIX = `opts-${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  await deleteRunsWithRows(db, { provider: { startsWith: PREFIX } });
  await db.$disconnect();
});

describe('runFilterOptions', () => {
  it('lists each (provider, model) of the runs once, sorted, and the fixed error kinds', async () => {
    const pairs = [
      [`${PREFIX}-b`, 'model-2'],
      [`${PREFIX}-a`, 'model-9'],
      [`${PREFIX}-b`, 'model-1'],
      [`${PREFIX}-a`, 'model-9'],
      [`${PREFIX}-b`, 'model-2'],
    ];
    await db.run.createMany({
      data: pairs.map(([provider, model]) => ({
        task: 't',
        profileName: 'p',
        provider: provider!,
        runtime: 'openai-chat',
        model: model!,
        profile: {},
      })),
    });
    const options = await runFilterOptions(db);
    expect(options.providers.filter((provider) => provider.startsWith(PREFIX))).toEqual([`${PREFIX}-a`, `${PREFIX}-b`]);
    expect(options.models.filter((entry) => entry.provider.startsWith(PREFIX))).toEqual([
      { provider: `${PREFIX}-a`, model: 'model-9' },
      { provider: `${PREFIX}-b`, model: 'model-1' },
      { provider: `${PREFIX}-b`, model: 'model-2' },
    ]);
    expect(options.errorKinds).toEqual(RUN_ERROR_KINDS);
  });

  it('offers exactly the error kinds the list accepts', () => {
    for (const kind of RUN_ERROR_KINDS) expect(parseRunListParams({ errorKind: kind }).ok, kind).toBe(true);
    expect(RUN_ERROR_KINDS).toEqual(
      expect.arrayContaining(['rate_limit', 'overloaded', 'auth', 'cancelled', 'config', 'internal', 'interrupted']),
    );
  });
});
