// POST /api/runs/[id]/fork: bad input, an imported run, a turn that does not exist or ended the
// run, a profile without credentials — each a 4xx JSON message with nothing written; a valid fork
// is created once per idempotency key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { expectEachRefused } from '@/test/expect-each-refused';
import { createRecordedRun } from '@/test/recorded-run';
import { commandRequest, runParams } from '@/test/run-command-request';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import { POST } from './route';

useTestDatabase();
const savedKey = process.env.OPENAI_API_KEY;
let runId: string;
let importedId: string;
beforeAll(async () => {
  delete process.env.OPENAI_API_KEY;
  runId = await createRecordedRun(database());
  importedId = await createRecordedRun(database(), { imported: true });
});
afterAll(async () => {
  if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

const fork = (id: string, body: unknown, headers?: Record<string, string>) =>
  POST(commandRequest(id, 'fork', body, headers), runParams(id));
const valid = { turn: 1, profileName: 'simulator-anthropic' };
const NO_OPENAI_KEY = 'OpenAI · gpt-4.1 (Chat) cannot be used on this server: OPENAI_API_KEY is not set on the server';
const fieldMessages = (answer: Record<string, unknown>, field: string) =>
  (answer.fieldErrors as Record<string, string[]>)[field]?.join(' ');

describe('POST /api/runs/[id]/fork refuses, writing nothing', () => {
  it('malformed run ids: 400; an unknown run: 404', async () => {
    await expectEachRefused(MALFORMED_RUN_IDS, 400, (id) => fork(id, valid));
    await expectEachRefused([UNKNOWN_RUN_ID], 404, (id) => fork(id, valid));
  });

  it('a body that is not JSON: 415 or 400', async () => {
    await expectEachRefused<Record<string, string>>(
      [{}, { 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }],
      415,
      (headers) => fork(runId, valid, headers),
    );
    await expectEachRefused(['', '{', 'null', '[]', '"fork"'], 400, (body) => fork(runId, body));
  });

  it('fields the schema refuses: 400 naming them', async () => {
    const cases: [unknown, string][] = [
      [{}, 'turn'],
      [{ profileName: 'simulator-anthropic' }, 'turn'],
      [{ turn: 1 }, 'profileName'],
      [{ ...valid, turn: 0 }, 'turn'],
      [{ ...valid, turn: -1 }, 'turn'],
      [{ ...valid, turn: 0.5 }, 'turn'],
      [{ ...valid, turn: '1' }, 'turn'],
      [{ ...valid, profileName: 'no-such-profile' }, 'profileName'],
      [{ ...valid, overrides: { temperature: 9 } }, 'overrides.temperature'],
      [{ ...valid, overrides: { maxOutputTokens: 0 } }, 'overrides.maxOutputTokens'],
      [{ ...valid, idempotencyKey: 'short' }, 'idempotencyKey'],
    ];
    await expectEachRefused(
      cases,
      400,
      ([body]) => fork(runId, body),
      (answer, [, field], label) => expect(Object.keys(answer.fieldErrors as object), label).toContain(field),
    );
  });

  it('an imported run: a read-only archive, not forked', async () => {
    const answer = await expectJsonError(await expectNothingWritten(() => fork(importedId, valid)), 400);
    expect(fieldMessages(answer, 'form')).toMatch(/imported from a bundle.*cannot be forked/);
  });

  it('a turn that does not exist, and the turn that ended the run', async () => {
    const missing = await expectJsonError(await expectNothingWritten(() => fork(runId, { ...valid, turn: 8 })), 400);
    expect(fieldMessages(missing, 'turn')).toBe(`Run ${runId} has no turn 8 (its turns are 1–2).`);
    const last = await expectJsonError(await expectNothingWritten(() => fork(runId, { ...valid, turn: 2 })), 400);
    expect(fieldMessages(last, 'turn')).toMatch(/Turn 2 ended the run with its answer/);
  });

  it('a profile without credentials (OPENAI_API_KEY unset)', async () => {
    const answer = await expectJsonError(await expectNothingWritten(() => fork(runId, { ...valid, profileName: 'openai-gpt-4.1' })), 400);
    expect(fieldMessages(answer, 'profileName')).toBe(NO_OPENAI_KEY);
  });
});

describe('POST /api/runs/[id]/fork accepts a valid fork', () => {
  it('creates the fork once per idempotency key: 201, then 200 with the same run', async () => {
    const body = { ...valid, overrides: { temperature: 0.2 }, idempotencyKey: 'fork-route-test-key-0001' };
    const created = await fork(runId, body);
    expect(created.status).toBe(201);
    const { runId: forkId } = (await created.json()) as { runId: string };
    expect(created.headers.get('location')).toBe(`/api/runs/${forkId}`);
    const row = await database().run.findUniqueOrThrow({ where: { id: forkId } });
    expect(row).toMatchObject({
      parentRunId: runId,
      lineage: 'fork',
      forkedAtTurn: 0,
      profileName: 'simulator-anthropic',
      status: 'queued',
    });
    expect(await database().message.count({ where: { runId: forkId } })).toBe(3);
    const again = await expectNothingWritten(() => fork(runId, body));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ runId: forkId });
  });
});
