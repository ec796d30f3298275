import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { encodeCursor } from './list-runs';
import { LIST_TASK_CHARS } from './format';
import { listComparisons, parseComparisonListParams, type ComparisonListParams } from './list-comparisons';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

// The database is shared with test files running alongside: these comparisons live in a window of
// their own, far in the future, and every listing starts at a cursor just above it.
const T0 = new Date(Date.UTC(2093, 0, 1) + Math.floor(Math.random() * 1e6) * 60_000);
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const top = encodeCursor({ createdAt: at(60), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' });
const bottom = at(-1);

async function run(profileName: string, status: 'succeeded' | 'failed' | 'running', cost: { estimate?: string; reported?: string } = {}) {
  const row = await db.run.create({
    data: {
      task: 'Compare me.',
      profileName,
      provider: 'simulator',
      runtime: 'openai-chat',
      model: `model-of-${profileName}`,
      profile: {},
      status,
      costUsd: cost.estimate ?? null,
      providerCostUsd: cost.reported ?? null,
    },
  });
  return row.id;
}

async function comparison(minutes: number, task: string, runIds: string[]) {
  const row = await db.comparison.create({
    data: { kind: 'profiles', task, createdAt: at(minutes), members: { create: runIds.map((runId, position) => ({ runId, position })) } },
  });
  return row.id;
}

function params(query: string): ComparisonListParams {
  const parsed = parseComparisonListParams(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.params;
}

/** Only this file's comparisons: the page from `top`, cut at the window's bottom. */
const ours = <T extends { createdAt: string }>(items: T[]) => items.filter((item) => new Date(item.createdAt) > bottom);

describe('listComparisons', () => {
  it('lists newest first, each with its members in column order, their statuses and the total cost', async () => {
    const chat = await run('simulator-chat', 'succeeded', { estimate: '0.0012' });
    const anthropic = await run('simulator-anthropic', 'failed');
    const openrouter = await run('simulator-openrouter', 'running', { estimate: '0.0003', reported: '0.0005' });
    const older = await comparison(1, 'Older task', [anthropic, chat]);
    const newer = await comparison(2, `Long ${'x'.repeat(600)}`, [chat, anthropic, openrouter]);
    const unpriced = await comparison(3, 'Nothing priced', [anthropic]);

    const page = await listComparisons(db, params(`cursor=${top}`));
    const items = ours(page.comparisons);
    expect(items.map((item) => item.id)).toEqual([unpriced, newer, older]);
    expect(items[1]).toMatchObject({
      kind: 'profiles',
      createdAt: at(2).toISOString(),
      members: [
        { runId: chat, profileName: 'simulator-chat', model: 'model-of-simulator-chat', status: 'succeeded' },
        { runId: anthropic, profileName: 'simulator-anthropic', status: 'failed' },
        { runId: openrouter, profileName: 'simulator-openrouter', status: 'running' },
      ],
      providerCostUsd: 0.0005,
    });
    expect(items[1]!.costUsd).toBeCloseTo(0.0015, 10);
    expect(items[1]!.task).toHaveLength(LIST_TASK_CHARS);
    expect(items[1]!.task.endsWith('…')).toBe(true);
    expect(items[2]!.members.map((member) => member.runId)).toEqual([anthropic, chat]);
    // No member had a price: unknown, not $0.
    expect(items[0]).toMatchObject({ costUsd: null, providerCostUsd: null, task: 'Nothing priced' });
  });

  it('pages by cursor: older pages follow nextCursor, and a later page links back to the newer one', async () => {
    const member = await run('simulator-chat', 'succeeded');
    const ids = [];
    for (const minutes of [10, 11, 12, 13, 14]) ids.push(await comparison(minutes, `page ${minutes}`, [member]));
    const start = encodeCursor({ createdAt: at(15), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' });

    const first = await listComparisons(db, params(`cursor=${start}&limit=2`));
    expect(first.comparisons.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    expect(first.nextCursor).toBe(encodeCursor({ createdAt: at(13), id: ids[3]! }));

    const second = await listComparisons(db, params(`cursor=${first.nextCursor}&limit=2`));
    expect(second.comparisons.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    // The page before the second starts at `start`'s first row: the row above it is its cursor.
    expect(second.newerPage).toEqual({ cursor: null });

    const third = await listComparisons(db, params(`cursor=${second.nextCursor}&limit=2`));
    expect(third.comparisons.map((item) => item.id)[0]).toBe(ids[0]);
    expect(third.newerPage).toEqual({ cursor: first.nextCursor });
  });

  it('a first page has no newer page', async () => {
    const page = await listComparisons(db, params('limit=1'));
    expect(page.newerPage).toBeNull();
    expect(page.comparisons.length).toBeLessThanOrEqual(1);
  });
});

describe('parseComparisonListParams', () => {
  it('defaults the page size and refuses bad values with a message naming them', () => {
    expect(parseComparisonListParams(new URLSearchParams(''))).toEqual({ ok: true, params: { limit: 25 } });
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'cursor=abc', 'cursor=***', 'limit=1&limit=2']) {
      const parsed = parseComparisonListParams(new URLSearchParams(query));
      expect(parsed.ok, query).toBe(false);
      if (!parsed.ok) expect(parsed.issues[0]!.param, query).toBe(query.split('=')[0]);
    }
  });
});
