// Bad input at the per-run routes — GET /api/runs/[id], …/events (SSE), …/export and
// …/errors/turn_<n>.json: malformed ids are 400, unknown runs and artifacts 404, bad parameters
// 400; each a JSON message, nothing written.
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { database } from '@/lib/store/database';
import { expectEachRefused } from '@/test/expect-each-refused';
import { finishedSimulatorRun } from '@/test/finished-simulator-run';
import { GET as errorFile } from './errors/[file]/route';
import { GET as events } from './events/route';
import { GET as exportRun } from './export/route';
import { GET as detail } from './route';

useTestDatabase();
let runId: string;
beforeAll(async () => {
  const run = await database().run.create({ data: finishedSimulatorRun('finished') });
  runId = run.id;
});
afterAll(() => database().$disconnect());

const request = (path: string, headers: Record<string, string> = {}) => new NextRequest(`http://localhost${path}`, { headers });
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

describe('per-run routes refuse bad input', () => {
  it('malformed run ids: 400 on every route, before any query', async () => {
    for (const id of MALFORMED_RUN_IDS) {
      const path = `/api/runs/${encodeURIComponent(id)}`;
      await expectJsonError(await expectNothingWritten(() => detail(request(path), params({ id }))), 400);
      await expectJsonError(await expectNothingWritten(() => events(request(`${path}/events`), params({ id }))), 400);
      await expectJsonError(await expectNothingWritten(() => exportRun(request(`${path}/export`), params({ id }))), 400);
      await expectJsonError(
        await expectNothingWritten(() => errorFile(request(`${path}/errors/turn_1.json`), params({ id, file: 'turn_1.json' }))),
        400,
      );
    }
  });

  it('unknown run ids: 404 on every route', async () => {
    const id = UNKNOWN_RUN_ID;
    const path = `/api/runs/${id}`;
    await expectJsonError(await expectNothingWritten(() => detail(request(path), params({ id }))), 404);
    await expectJsonError(await expectNothingWritten(() => detail(request(`${path}?events=1`), params({ id }))), 404);
    await expectJsonError(await expectNothingWritten(() => events(request(`${path}/events`), params({ id }))), 404);
    await expectJsonError(await expectNothingWritten(() => exportRun(request(`${path}/export`), params({ id }))), 404);
    await expectJsonError(await expectNothingWritten(() => exportRun(request(`${path}/export?format=jsonl`), params({ id }))), 404);
    await expectJsonError(
      await expectNothingWritten(() => errorFile(request(`${path}/errors/turn_1.json`), params({ id, file: 'turn_1.json' }))),
      404,
    );
  });

  it('bad after / Last-Event-ID: 400', async () => {
    const afters = ['abc', '1.5', '1e3', '0x10', '9999999999', '1; DROP TABLE "Run"'];
    const query = (after: string) => `after=${encodeURIComponent(after)}`;
    await expectEachRefused(afters, 400, (after) => detail(request(`/api/runs/${runId}?events=1&${query(after)}`), params({ id: runId })));
    await expectEachRefused(afters, 400, (after) => events(request(`/api/runs/${runId}/events?${query(after)}`), params({ id: runId })));
    await expectEachRefused(afters, 400, (after) =>
      events(request(`/api/runs/${runId}/events`, { 'last-event-id': after }), params({ id: runId })),
    );
  });

  it('bad export format: 400', async () => {
    await expectEachRefused(['xml', 'JSON', '', 'jsonl; rm -rf'], 400, (format) =>
      exportRun(request(`/api/runs/${runId}/export?format=${encodeURIComponent(format)}`), params({ id: runId })),
    );
  });

  it('bad artifact file names: 400; a run without that artifact: 404', async () => {
    const files = [
      'turn_x.json',
      'turn_-1.json',
      'turn_0.json',
      'turn_01.json',
      '../../package.json',
      'turn_1.json.exe',
      'turn_99999999999.json',
      '',
    ];
    await expectEachRefused(files, 400, (file) => errorFile(request(`/api/runs/${runId}/errors/x`), params({ id: runId, file })));
    await expectJsonError(
      await expectNothingWritten(() =>
        errorFile(request(`/api/runs/${runId}/errors/turn_1.json`), params({ id: runId, file: 'turn_1.json' })),
      ),
      404,
    );
  });

  it('the same routes answer a known run (the checks refuse only what is wrong)', async () => {
    expect((await detail(request(`/api/runs/${runId}?events=1&after=-1`), params({ id: runId }))).status).toBe(200);
    expect((await exportRun(request(`/api/runs/${runId}/export`), params({ id: runId }))).status).toBe(200);
  });
});
