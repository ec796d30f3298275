// POST /api/runs/[id]/compare-with-parent: a run without a parent, input where none is taken —
// each a 4xx JSON message with nothing written; a fork's comparison is made once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { expectEachRefused } from '@/test/expect-each-refused';
import { finishedSimulatorRun } from '@/test/finished-simulator-run';
import { createRecordedRun } from '@/test/recorded-run';
import { commandRequest, runParams } from '@/test/run-command-request';
import { database } from '@/lib/store/database';
import { POST } from './route';

useTestDatabase();
let parentId: string;
let forkId: string;
beforeAll(async () => {
  parentId = await createRecordedRun(database());
  const fork = await database().run.create({
    data: { ...finishedSimulatorRun('fork'), profileName: 'simulator-anthropic', parentRunId: parentId, lineage: 'fork', forkedAtTurn: 0 },
  });
  forkId = fork.id;
});
afterAll(() => database().$disconnect());

const compareWithParent = (id: string, body: unknown = '', headers?: Record<string, string>) =>
  POST(commandRequest(id, 'compare-with-parent', body, headers), runParams(id));

describe('POST /api/runs/[id]/compare-with-parent refuses, writing nothing', () => {
  it('malformed run ids: 400; an unknown run: 404', async () => {
    await expectEachRefused(MALFORMED_RUN_IDS, 400, (id) => compareWithParent(id));
    await expectEachRefused([UNKNOWN_RUN_ID], 404, (id) => compareWithParent(id));
  });

  it('not JSON: 415; input where it takes none: 400', async () => {
    await expectEachRefused<Record<string, string>>([{}, { 'content-type': 'text/plain' }], 415, (headers) =>
      compareWithParent(forkId, '', headers),
    );
    await expectEachRefused(['{', 'null', '[]', { runId: parentId }], 400, (body) => compareWithParent(forkId, body));
  });

  it('a run that was not forked or replayed', async () => {
    const answer = await expectJsonError(await expectNothingWritten(() => compareWithParent(parentId)), 400);
    expect((answer.fieldErrors as Record<string, string[]>).form).toEqual(['This run was not forked or replayed from another run.']);
  });
});

describe('POST /api/runs/[id]/compare-with-parent makes the comparison once', () => {
  it('201 with the parent first, then 200 with the same comparison (an empty body or {})', async () => {
    const created = await compareWithParent(forkId);
    expect(created.status).toBe(201);
    const answer = (await created.json()) as { comparisonId: string; runIds: string[] };
    expect(answer.runIds).toEqual([parentId, forkId]);
    const again = await expectNothingWritten(() => compareWithParent(forkId, {}));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
  });
});
