import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { COUNT_CAP, decodeCursor, encodeCursor, listRuns, parseRunListParams, runListNavigation, type RunListParams } from './list-runs';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

// The database is shared with other test files running in parallel: every row here carries this
// model name (or provider), and every query filters by it.
const MODEL = `list-runs-${randomUUID()}`;
const PROVIDER = `prov-${randomUUID().slice(0, 8)}`;
const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

type Seed = {
  minutes: number;
  status?: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  errorCount?: number;
  errorKind?: string;
  calls?: { minutes: number; errorKind?: string; model?: string }[];
  artifactKind?: string;
  importedFromId?: string;
};

const ids = new Map<string, string>();

async function seed(name: string, spec: Seed): Promise<string> {
  const run = await db.run.create({
    data: {
      task: `task ${name}`,
      profileName: 'test-profile',
      provider: PROVIDER,
      runtime: 'openai-chat',
      model: MODEL,
      profile: {},
      status: spec.status ?? 'succeeded',
      errorCount: spec.errorCount ?? 0,
      errorKind: spec.errorKind ?? null,
      importedFromId: spec.importedFromId ?? null,
      createdAt: at(spec.minutes),
      startedAt: at(spec.minutes),
      finishedAt: at(spec.minutes + 1),
    },
  });
  if (spec.calls?.length || spec.artifactKind) {
    const turn = await db.turn.create({ data: { runId: run.id, index: 0 } });
    for (const [attempt, call] of (spec.calls ?? []).entries()) {
      await db.providerCall.create({
        data: {
          runId: run.id,
          turnId: turn.id,
          attempt: attempt + 1,
          runtime: 'openai-chat',
          provider: PROVIDER,
          profileName: 'test-profile',
          modelRequested: call.model ?? MODEL,
          streamRequested: true,
          streamActual: true,
          streamStarted: !call.errorKind,
          status: call.errorKind ? 'error' : 'ok',
          errorKind: call.errorKind ?? null,
          startedAt: at(call.minutes),
        },
      });
    }
    if (spec.artifactKind) {
      await db.errorArtifact.create({
        data: { runId: run.id, turnId: turn.id, turnIndex: 0, kind: spec.artifactKind, payload: { kind: spec.artifactKind } },
      });
    }
  }
  ids.set(name, run.id);
  return run.id;
}

function params(query: Record<string, string>): RunListParams {
  const parsed = parseRunListParams({ model: MODEL, ...query });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.params;
}

async function names(query: Record<string, string>): Promise<string[]> {
  const byId = new Map([...ids].map(([name, id]) => [id, name]));
  const page = await listRuns(db, params({ limit: '200', ...query }));
  return page.runs.map((run) => byId.get(run.id) ?? run.id);
}

beforeAll(async () => {
  await seed('a', { minutes: 0, calls: [{ minutes: 0 }] });
  await seed('b', {
    minutes: 10,
    status: 'failed',
    errorCount: 1,
    errorKind: 'auth',
    calls: [{ minutes: 10, errorKind: 'auth' }],
    artifactKind: 'auth',
  });
  // Created before the window, but its retried call lands inside it.
  await seed('c', {
    minutes: 20,
    calls: [{ minutes: 20, errorKind: 'rate_limit' }, { minutes: 65, errorKind: 'rate_limit' }, { minutes: 66 }],
  });
  await seed('d', { minutes: 60, calls: [{ minutes: 61 }] });
  await seed('e', { minutes: 70, status: 'queued' });
  // Only an artifact knows this kind (no call row says it).
  await seed('f', { minutes: 80, status: 'failed', errorCount: 1, errorKind: 'server', artifactKind: 'server' });
  await seed('g', { minutes: 90, status: 'failed', errorKind: 'config', importedFromId: randomUUID() });
  // Three runs created in the same millisecond: the id breaks the tie.
  for (const name of ['t1', 't2', 't3']) await seed(name, { minutes: 100 });
});

describe('parseRunListParams', () => {
  it('accepts the telemetry link parameters', () => {
    const parsed = parseRunListParams(
      new URLSearchParams(
        'from=2030-01-01T01:00:00Z&to=2030-01-01T02:00:00.000%2B01:00&provider=openai&model=gpt-4.1&hasErrors=1&errorKind=rate_limit',
      ),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.params).toMatchObject({ provider: 'openai', model: 'gpt-4.1', hasErrors: true, errorKind: 'rate_limit', limit: 50 });
    expect(parsed.params.from?.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    expect(parsed.params.to?.toISOString()).toBe('2030-01-01T01:00:00.000Z');
  });

  it('treats empty parameters as absent and ignores unknown ones', () => {
    const parsed = parseRunListParams({ provider: '', status: '', utm: 'x' });
    expect(parsed).toEqual({ ok: true, params: { limit: 50 } });
  });

  it('answers bad parameters with a message instead of throwing', () => {
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ status: 'exploded' }, /status is one of queued, running/],
      [{ from: 'yesterday' }, /from must be an ISO timestamp/],
      [{ from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' }, /from must not be after to/],
      [{ cursor: 'not-a-cursor' }, /cursor is not one this list produced/],
      [{ hasErrors: 'maybe' }, /hasErrors is 1/],
      [{ errorKind: 'DROP TABLE' }, /errorKind is one of rate_limit, overloaded, .*interrupted \(not “DROP TABLE”\)/],
      // A typo is an error, not an empty list.
      [{ errorKind: 'ratelimit' }, /errorKind is one of .*rate_limit.* \(not “ratelimit”\)/],
      [{ errorKind: ['auth', 'server'] }, /errorKind must be given once/],
      [{ cursor: 'zzz' }, /cursor is not one this list produced/],
      [{ provider: ['a', 'b'] }, /provider must be given once/],
      [{ limit: '100000' }, /limit is at most 200/],
    ];
    for (const [query, message] of cases) {
      const parsed = parseRunListParams(query);
      expect(parsed.ok, JSON.stringify(query)).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(message);
    }
  });

  it('round-trips cursors and refuses forged ones', () => {
    const cursor = { createdAt: new Date('2030-01-01T00:00:00.123Z'), id: '0199d2c4-7a1e-7b3c-9f00-1234567890ab' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(Buffer.from("2030-01-01T00:00:00.000Z_' OR 1=1 --").toString('base64url'))).toBeNull();
  });
});

describe('listRuns', () => {
  it('lists newest first, ties broken by id, and pages with a keyset cursor without gaps or repeats', async () => {
    const all = await listRuns(db, params({ limit: '200' }));
    expect(all.nextCursor).toBeNull();
    expect(all.runs).toHaveLength(10);
    const expected = [...all.runs].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id));
    expect(all.runs.map((run) => run.id)).toEqual(expected.map((run) => run.id));

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listRuns(db, params({ limit: '3', ...(cursor ? { cursor } : {}) }));
      expect(page.runs.length).toBeLessThanOrEqual(3);
      seen.push(...page.runs.map((run) => run.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.runs.map((run) => run.id));
  });

  it('returns list rows with totals, duration and numbers (not Decimals)', async () => {
    const page = await listRuns(db, params({ status: 'queued' }));
    expect(page.runs).toHaveLength(1);
    expect(page.runs[0]).toMatchObject({
      status: 'queued',
      task: 'task e',
      provider: PROVIDER,
      model: MODEL,
      costUsd: null,
      durationMs: 60_000,
      importedFromId: null,
    });
    expect(page.callWindow).toBeNull();
  });

  it('says which runs were imported (npm run import)', async () => {
    const page = await listRuns(db, params({ status: 'failed' }));
    expect(page.runs.map((run) => [run.id, run.importedFromId])).toEqual([
      [ids.get('g'), expect.stringMatching(/^[0-9a-f-]{36}$/)],
      [ids.get('f'), null],
      [ids.get('b'), null],
    ]);
  });

  it('filters by status, errors and error kind (a call or an artifact of that kind)', async () => {
    expect(await names({ status: 'failed' })).toEqual(['g', 'f', 'b']);
    expect(await names({ hasErrors: '1' })).toEqual(['g', 'f', 'b']);
    expect(await names({ errorKind: 'auth' })).toEqual(['b']);
    expect(await names({ errorKind: 'rate_limit' })).toEqual(['c']);
    expect(await names({ errorKind: 'server' })).toEqual(['f']);
    expect(await names({ provider: PROVIDER, status: 'queued' })).toEqual(['e']);
    expect(await names({ provider: 'nobody' })).toEqual([]);
  });

  it('with from/to, lists the runs whose provider calls started in the window', async () => {
    const from = at(60).toISOString();
    const to = at(69).toISOString();
    // c was created at minute 20 but called at 65 and 66; d called at 61; e (queued) never called.
    expect(await names({ from, to })).toEqual(['d', 'c']);
    // The call filters apply to the in-window call: c's in-window rate_limit attempt counts…
    expect(await names({ from, to, errorKind: 'rate_limit', hasErrors: '1', provider: PROVIDER })).toEqual(['c']);
    // …and its minute-20 one does not, outside the window.
    expect(await names({ from: at(15).toISOString(), to: at(30).toISOString(), errorKind: 'auth' })).toEqual([]);
    expect(await names({ from, to, hasErrors: '1' })).toEqual(['c']);
    // Half-open: a call starting exactly at `to` belongs to the next bucket.
    expect(await names({ from: at(50).toISOString(), to: at(61).toISOString() })).toEqual([]);
    expect(await names({ from: at(61).toISOString(), to: at(62).toISOString() })).toEqual(['d']);
    // Open-ended windows.
    expect(await names({ to: at(5).toISOString() })).toEqual(['a']);
    expect(await names({ from: at(61).toISOString() })).toEqual(['d', 'c']);

    const page = await listRuns(db, params({ from, to, errorKind: 'rate_limit' }));
    expect(page.callWindow).toEqual({ from, to, provider: null, model: MODEL, errorKind: 'rate_limit', failedCallsOnly: false });
  });

  it('counts a call window as it lists it (the count has SQL of its own, for the planner)', async () => {
    const windows: Array<Record<string, string>> = [
      { from: at(60).toISOString(), to: at(69).toISOString() },
      { from: at(60).toISOString(), to: at(69).toISOString(), errorKind: 'rate_limit', hasErrors: '1', provider: PROVIDER },
      { from: at(15).toISOString(), to: at(30).toISOString(), errorKind: 'auth' },
      { from: at(0).toISOString(), to: at(100).toISOString(), status: 'failed' },
      { from: at(0).toISOString(), to: at(100).toISOString(), hasErrors: '1' },
      { from: at(50).toISOString(), to: at(61).toISOString() },
      { to: at(5).toISOString() },
      { from: at(61).toISOString() },
      { from: at(0).toISOString(), provider: 'nobody' },
    ];
    for (const window of windows) {
      const listed = (await names(window)).length;
      expect((await runListNavigation(db, params(window))).total, JSON.stringify(window)).toEqual({ count: listed, atLeast: false });
    }
    expect((await names(windows[0]!)).length).toBe(2);
  });

  it('pages through a call window with the same cursor scheme', async () => {
    const first = await listRuns(db, params({ from: at(0).toISOString(), to: at(100).toISOString(), limit: '2' }));
    expect(first.runs).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listRuns(
      db,
      params({ from: at(0).toISOString(), to: at(100).toISOString(), limit: '2', cursor: first.nextCursor! }),
    );
    const byId = new Map([...ids].map(([name, id]) => [id, name]));
    expect([...first.runs, ...second.runs].map((run) => byId.get(run.id))).toEqual(['d', 'c', 'b', 'a']);
    expect(second.nextCursor).toBeNull();
  });

  it('counts the matching runs (all pages, capped) and finds the way back to newer pages', async () => {
    expect((await runListNavigation(db, params({}))).total).toEqual({ count: 10, atLeast: false });
    expect((await runListNavigation(db, params({ status: 'failed' }))).total).toEqual({ count: 3, atLeast: false });
    expect((await runListNavigation(db, params({ provider: 'nobody' }))).total).toEqual({ count: 0, atLeast: false });
    // The total ignores the cursor: every page of a list says the same.
    const all = (await listRuns(db, params({}))).runs.map((run) => run.id);
    const pages: { ids: string[]; cursor: string | undefined }[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listRuns(db, params({ limit: '3', ...(cursor ? { cursor } : {}) }));
      pages.push({ ids: page.runs.map((run) => run.id), cursor });
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages.map((page) => page.ids.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flatMap((page) => page.ids)).toEqual(all);
    // From each page, the newer page's cursor leads back to exactly the page before it.
    expect((await runListNavigation(db, params({ limit: '3' }))).newerPage).toBeNull();
    for (let index = 1; index < pages.length; index++) {
      const navigation = await runListNavigation(db, params({ limit: '3', cursor: pages[index]!.cursor! }));
      expect(navigation.total).toEqual({ count: 10, atLeast: false });
      expect(navigation.newerPage).toEqual({ cursor: pages[index - 1]!.cursor ?? null });
    }
  });

  it('stops counting at the cap and says there are more', async () => {
    const model = `list-runs-cap-${randomUUID()}`;
    const now = new Date();
    await db.run.createMany({
      data: Array.from({ length: COUNT_CAP + 5 }, (_, index) => ({
        task: 'cap',
        profileName: 'test-profile',
        provider: PROVIDER,
        runtime: 'openai-chat',
        model,
        profile: {},
        createdAt: new Date(now.getTime() - index),
      })),
    });
    try {
      const parsed = parseRunListParams({ model });
      if (!parsed.ok) throw new Error(parsed.message);
      expect((await runListNavigation(db, parsed.params)).total).toEqual({ count: COUNT_CAP, atLeast: true });
      // A call window stops at the cap too.
      const runs = await db.run.findMany({ where: { model }, select: { id: true, createdAt: true } });
      await db.turn.createMany({ data: runs.map((run) => ({ id: run.id, runId: run.id, index: 0 })) });
      await db.providerCall.createMany({
        data: runs.map((run) => ({
          runId: run.id,
          turnId: run.id,
          attempt: 1,
          runtime: 'openai-chat',
          provider: PROVIDER,
          profileName: 'test-profile',
          modelRequested: model,
          streamRequested: true,
          streamActual: true,
          streamStarted: true,
          status: 'ok' as const,
          startedAt: run.createdAt,
        })),
      });
      const window = parseRunListParams({ model, from: new Date(now.getTime() - 60_000).toISOString() });
      if (!window.ok) throw new Error(window.message);
      expect((await runListNavigation(db, window.params)).total).toEqual({ count: COUNT_CAP, atLeast: true });
    } finally {
      await deleteRunsWithRows(db, { model });
    }
  });
});
