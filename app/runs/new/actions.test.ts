// Bad input at the Start run server action: whatever the client sends, a refusal is field errors
// and a message, with nothing written (no run, no queued job). And one form starts one run.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNothingWritten, testDatabaseUrl, useTestDatabase, writeFingerprint } from '@/test/bad-input';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import { startComparisonAction, startRunAction } from './actions';

useTestDatabase();
afterAll(async () => {
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

describe('startRunAction refuses bad input, writing nothing', () => {
  const form = new FormData();
  form.set('profileName', 'simulator-chat');
  form.set('task', 'hello');
  const cases: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'simulator-chat: hello'],
    ['a number', 42],
    ['an array', [{ profileName: 'simulator-chat', task: 'hello' }]],
    ['form data', form],
    ['an empty object', {}],
    ['no task', { profileName: 'simulator-chat' }],
    ['a task of the wrong type', { profileName: 'simulator-chat', task: { text: 'hello' } }],
    ['a task too long', { profileName: 'simulator-chat', task: 'x'.repeat(1_000_000) }],
    ['an unknown profile', { profileName: 'gpt-17', task: 'hello' }],
    ['settings the provider refuses', { profileName: 'simulator-chat', task: 'hello', overrides: { temperature: 5 } }],
    ['an unknown tool', { profileName: 'simulator-chat', task: 'hello', options: { tools: ['format_disk'] } }],
    [
      'a workspace template outside the templates',
      { profileName: 'simulator-chat', task: 'hello', options: { workspaceTemplate: '/etc' } },
    ],
    ['an unknown fallback', { profileName: 'simulator-chat', task: 'hello', options: { fallbacks: ['nope'] } }],
    ['a fallback without its key', { profileName: 'simulator-chat', task: 'hello', options: { fallbacks: ['anthropic-claude-sonnet'] } }],
    ['the run’s own profile as its fallback', { profileName: 'simulator-chat', task: 'hello', options: { fallbacks: ['simulator-chat'] } }],
    [
      'a workspace template that does not exist',
      { profileName: 'simulator-chat', task: 'hello', options: { workspaceTemplate: 'no-such-template' } },
    ],
    ['a system prompt too long', { profileName: 'simulator-chat', task: 'hello', options: { systemPrompt: 'x'.repeat(20_001) } }],
    [
      'an unknown fault scenario',
      { profileName: 'simulator-chat', task: 'hello', overrides: { simulatorScenario: 'totally_bogus_fault' } },
    ],
    [
      'a fault scenario parameter of the wrong kind',
      { profileName: 'simulator-chat', task: 'hello', overrides: { simulatorScenario: 'overloaded; times=twice' } },
    ],
    ['a malformed idempotency key', { profileName: 'simulator-chat', task: 'hello', idempotencyKey: 'x' }],
  ];
  for (const [name, input] of cases) {
    it(name, async () => {
      const result = await expectNothingWritten(() => startRunAction(input), name);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message.length).toBeGreaterThan(0);
      expect(Object.keys(result.fieldErrors).length, JSON.stringify(result.fieldErrors)).toBeGreaterThan(0);
    });
  }

  it('a bogus fault scenario is a field error in words, not a failed run', async () => {
    const result = await expectNothingWritten(() =>
      startRunAction({ profileName: 'simulator-chat', task: 'hello', overrides: { simulatorScenario: 'totally_bogus_fault' } }),
    );
    expect(result).toEqual({
      ok: false,
      message: 'Some fields need attention.',
      fieldErrors: {
        'overrides.simulatorScenario': [expect.stringMatching(/^Unknown fault scenario “totally_bogus_fault”\. Known scenarios: /)],
      },
    });
  });
});

describe('startRunAction starts one run per form (idempotency key)', () => {
  const form = (key: string, task = 'Say hello.') => ({
    profileName: 'simulator-chat',
    task,
    options: { workspaceTemplate: 'sample-project', systemPrompt: 'Be brief.', fallbacks: ['simulator-responses'] },
    idempotencyKey: key,
  });
  const runsWithKey = async (key: string) =>
    (await database().run.findMany({ where: { options: { path: ['idempotencyKey'], equals: key } } })).length;

  it('submissions racing with one key: one run, all answered with it', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => startRunAction(form(key))));
    const first = results.find((result) => result.ok && !result.replayed);
    if (!first?.ok) throw new Error(JSON.stringify(results));
    expect(results).toEqual(results.map((result) => (result === first ? first : { ok: true, runId: first.runId, replayed: true })));
    expect(await runsWithKey(key)).toBe(1);
    const run = await database().run.findUniqueOrThrow({ where: { id: first.runId } });
    expect(run.options).toMatchObject({
      workspaceTemplate: 'sample-project',
      systemPrompt: 'Be brief.',
      fallbacks: ['simulator-responses'],
      idempotencyKey: key,
    });
    // Queued once: the repeat does not queue the run again.
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    const { rows } = await client
      .query("SELECT count(*)::int AS jobs FROM pgboss.job WHERE data->>'runId' = $1", [first.runId])
      .finally(() => client.end());
    expect(rows[0].jobs).toBe(1);
  });

  it('a later repeat answers with the same run and writes nothing', async () => {
    const key = randomUUID();
    const first = await startRunAction(form(key));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const again = await expectNothingWritten(() => startRunAction(form(key)));
    expect(again).toEqual({ ok: true, runId: first.runId, replayed: true });
  });

  it('the same key with another task is refused, writing nothing', async () => {
    const key = randomUUID();
    const first = await startRunAction(form(key));
    expect(first.ok).toBe(true);
    const before = await writeFingerprint();
    const other = await startRunAction(form(key, 'Something else entirely.'));
    expect(await writeFingerprint()).toEqual(before);
    expect(other).toMatchObject({ ok: false, fieldErrors: { form: [expect.stringContaining('already started a different run')] } });
    expect(await runsWithKey(key)).toBe(1);
  });

  it('different keys (a new form) start different runs', async () => {
    const [a, b] = await Promise.all([startRunAction(form(randomUUID())), startRunAction(form(randomUUID()))]);
    expect(a.ok && b.ok && a.runId !== b.runId).toBe(true);
  });
});

describe('startComparisonAction', () => {
  it('refuses a comparison of one profile, of an unknown profile, or without a task, writing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ profileNames: ['simulator-chat'], task: 'hello' }, 'profileNames'],
      [{ profileNames: ['simulator-chat', 'no-such-profile'], task: 'hello' }, 'profileNames'],
      [{ profileNames: ['simulator-chat', 'simulator-anthropic'], task: '' }, 'task'],
      [{ profileName: 'simulator-chat', task: 'hello' }, 'profileNames'],
    ];
    for (const [input, field] of cases) {
      const result = await expectNothingWritten(() => startComparisonAction(input), JSON.stringify(input));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.fieldErrors), JSON.stringify(input)).toContain(field);
    }
  });

  it('starts one run per profile under one comparison, once per form key', async () => {
    const input = { profileNames: ['simulator-chat', 'simulator-openrouter'], task: 'Compare me.', idempotencyKey: randomUUID() };
    const result = await startComparisonAction(input);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const members = await database().comparisonMember.findMany({
      where: { comparisonId: result.comparisonId },
      orderBy: { position: 'asc' },
      select: { run: { select: { profileName: true, status: true } } },
    });
    expect(members.map((member) => member.run)).toEqual([
      { profileName: 'simulator-chat', status: 'queued' },
      { profileName: 'simulator-openrouter', status: 'queued' },
    ]);
    expect(await expectNothingWritten(() => startComparisonAction(input))).toMatchObject({
      ok: true,
      comparisonId: result.comparisonId,
      replayed: true,
    });
  });
});
