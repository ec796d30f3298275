// The comparisons API: bad input refused (4xx JSON, nothing written), unknown ids 404, and the
// same handlers answering when the input is good.
import { NextRequest } from 'next/server';
import { afterAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { expectEachRefused } from '@/test/expect-each-refused';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import { GET as events } from './[id]/events/route';
import { GET as exported } from './[id]/export/route';
import { GET as view } from './[id]/route';
import { GET as list, POST } from './route';

useTestDatabase();
afterAll(async () => {
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new NextRequest(new Request('http://localhost/api/comparisons', { method: 'POST', body, headers }));

const valid = { profileNames: ['simulator-chat', 'simulator-anthropic'], task: 'Say hello.' };
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string, headers: Record<string, string> = {}) => new NextRequest(`http://localhost${path}`, { headers });

describe('POST /api/comparisons refuses bad input, writing nothing', () => {
  it('not JSON: 415; malformed JSON: 400', async () => {
    const types: Record<string, string>[] = [{}, { 'content-type': 'text/plain' }];
    await expectEachRefused(types, 415, (headers) => POST(post(JSON.stringify(valid), headers)));
    await expectEachRefused(['', '{', 'null', '[]', '42'], 400, (body) => POST(post(body)));
  });

  it('fewer than 2 or more than 6 profiles, repeats, unknown profiles, a missing task: 400 naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...valid, profileNames: ['simulator-chat'] }, 'profileNames', /at least 2 profiles/],
      [{ ...valid, profileNames: [] }, 'profileNames', /at least 2 profiles/],
      [{ ...valid, profileNames: 'simulator-chat' }, 'profileNames', /list/],
      [{ task: 'x' }, 'profileNames', /./],
      [{ ...valid, profileNames: ['simulator-chat', 'simulator-chat'] }, 'profileNames', /at most once/],
      [{ ...valid, profileNames: Array.from({ length: 7 }, (_, index) => `p${index}`) }, 'profileNames', /At most 6/],
      [{ ...valid, profileNames: ['simulator-chat', 'no-such-profile'] }, 'profileNames', /no-such-profile/],
      [{ ...valid, task: '  ' }, 'task', /./],
      [{ ...valid, profileName: 'simulator-chat', profileNames: undefined }, 'profileNames', /./],
    ];
    await expectEachRefused(
      cases,
      400,
      ([body]) => POST(post(JSON.stringify(body))),
      (answer, [, field, message], label) =>
        expect((answer.fieldErrors as Record<string, string[]>)[field]?.join(' '), label).toMatch(message),
    );
  });
});

describe('GET /api/comparisons/…: malformed ids 400, unknown ids 404, bad parameters 400', () => {
  it('each route', async () => {
    for (const id of MALFORMED_RUN_IDS) {
      for (const answer of [
        await view(get(`/api/comparisons/${id}`), params(id)),
        await exported(get(`/api/comparisons/${id}/export`), params(id)),
        await events(get(`/api/comparisons/${id}/events`), params(id)),
      ])
        expect((await expectJsonError(answer, 400)).error, id).toMatch(/Malformed comparison id/);
    }
    for (const answer of [
      await view(get(`/api/comparisons/${UNKNOWN_RUN_ID}`), params(UNKNOWN_RUN_ID)),
      await exported(get(`/api/comparisons/${UNKNOWN_RUN_ID}/export?format=csv`), params(UNKNOWN_RUN_ID)),
      await events(get(`/api/comparisons/${UNKNOWN_RUN_ID}/events`), params(UNKNOWN_RUN_ID)),
    ])
      expect((await expectJsonError(answer, 404)).error).toMatch(/No comparison/);
    for (const query of ['limit=0', 'limit=abc', 'cursor=nope'])
      await expectJsonError(await expectNothingWritten(() => list(get(`/api/comparisons?${query}`))), 400);
  });
});

describe('a comparison through the API', () => {
  it('starts (201, runs queued), lists newest first, shows its view, exports JSON and CSV, and checks the stream cursor', async () => {
    const started = await POST(post(JSON.stringify({ ...valid, idempotencyKey: 'route-test-key-0001' })));
    expect(started.status).toBe(201);
    const { comparisonId, runIds } = (await started.json()) as { comparisonId: string; runIds: string[] };
    expect(started.headers.get('location')).toBe(`/api/comparisons/${comparisonId}`);
    expect(await database().run.findMany({ where: { id: { in: runIds } }, select: { status: true } })).toEqual([
      { status: 'queued' },
      { status: 'queued' },
    ]);
    // The same key again: the same comparison, nothing new.
    const again = await expectNothingWritten(() => POST(post(JSON.stringify({ ...valid, idempotencyKey: 'route-test-key-0001' }))));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ comparisonId, runIds });

    const page = (await (await list(get('/api/comparisons?limit=5'))).json()) as { comparisons: { id: string; members: unknown[] }[] };
    expect(page.comparisons[0]).toMatchObject({
      id: comparisonId,
      members: [{ profileName: 'simulator-chat' }, { profileName: 'simulator-anthropic' }],
    });

    const shown = await view(get(`/api/comparisons/${comparisonId}`), params(comparisonId));
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({
      id: comparisonId,
      task: 'Say hello.',
      members: [{ runId: runIds[0] }, { runId: runIds[1] }],
    });

    const csv = await exported(get(`/api/comparisons/${comparisonId}/export?format=csv`), params(comparisonId));
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="comparison-${comparisonId}.csv"`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^row,turn,column,run_id,profile,/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 5))).toEqual([
      ['run', '', '1', runIds[0], 'simulator-chat'],
      ['run', '', '2', runIds[1], 'simulator-anthropic'],
    ]);
    const json = await exported(get(`/api/comparisons/${comparisonId}/export`), params(comparisonId));
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="comparison-${comparisonId}.json"`);
    expect(await json.json()).toMatchObject({ id: comparisonId, members: [{}, {}] });
    await expectJsonError(await exported(get(`/api/comparisons/${comparisonId}/export?format=xlsx`), params(comparisonId)), 400);

    for (const cursor of ['1', '1.2.3', 'a.b'])
      expect(
        (await expectJsonError(await events(get(`/api/comparisons/${comparisonId}/events?after=${cursor}`), params(comparisonId)), 400))
          .error,
      ).toMatch(/each of the 2 runs/);
    const bad = await events(get(`/api/comparisons/${comparisonId}/events`, { 'last-event-id': '7' }), params(comparisonId));
    await expectJsonError(bad, 400);
  });
});
