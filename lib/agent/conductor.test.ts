// Integration: runs through the queue, a worker, the conductor and each runtime against the
// simulator, recorded in the real Postgres test database.
import type PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { waitForRun } from '@/test/wait-for-run';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { failingSimulatorProfile } from '@/lib/config/testing/failing-simulator-profile';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { runEventInputSchema } from '@/lib/run-events/schema';
import type { Database } from '@/lib/store/database';
import { startRun } from '@/lib/runs/start-run';
import { useWorker } from '@/test/use-worker';

let db: Database;
let boss: PgBoss;
const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
useWorker({ concurrency: 4 }, (worker) => ({ db, boss } = worker));

/** Every event the conductor wrote has the shape written today (lib/run-events/schema.ts), none an older one. */
function expectTodaysShapes(events: { seq: number; type: string; payload: unknown }[]): void {
  const misfits = events.flatMap((event) => {
    const parsed = runEventInputSchema.safeParse({ type: event.type, payload: event.payload });
    return parsed.success ? [] : [`${event.seq} ${event.type}: ${parsed.error.message}`];
  });
  expect(misfits).toEqual([]);
}

describe('conductor', () => {
  it.each(['simulator-chat', 'simulator-responses', 'simulator-anthropic', 'simulator-openrouter'])(
    '%s: a tool-using run completes and every table holds its rows',
    async (profileName) => {
      const started = await startRun(
        {
          profileName,
          task: 'Use write_file {"path": "hello.txt", "content": "hi from the agent"} to save a greeting.',
        },
        { db, boss, profiles },
      );
      if (!started.ok) throw new Error(JSON.stringify(started));
      const run = await waitForRun(db, started.runId);
      expect(run.status).toBe('succeeded');
      expect(run.turnCount).toBe(2);
      expect(run.inputTokens).toBeGreaterThan(0);

      const [turns, calls, messages, toolCalls, reasoning, events] = await Promise.all([
        db.turn.findMany({ where: { runId: run.id }, orderBy: { index: 'asc' } }),
        db.providerCall.findMany({ where: { runId: run.id } }),
        db.message.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } }),
        db.toolCall.findMany({ where: { runId: run.id } }),
        db.reasoningTrace.findMany({ where: { runId: run.id } }),
        db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } }),
      ]);
      expect(turns.map((turn) => [turn.index, turn.status])).toEqual([
        [0, 'succeeded'],
        [1, 'succeeded'],
      ]);
      expect(calls).toHaveLength(2);
      expect(calls.every((call) => call.status === 'ok' && call.streamActual && call.latencyMs !== null && call.ttftMs !== null)).toBe(
        true,
      );
      expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
      expect(toolCalls).toEqual([expect.objectContaining({ name: 'write_file', isError: false })]);
      if (profileName !== 'simulator-chat') expect(reasoning.length).toBeGreaterThanOrEqual(1);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
      expectTodaysShapes(events);
      expect(events.at(-1)).toMatchObject({ type: 'status', payload: { status: 'succeeded' } });
      expect(events.some((event) => event.type === 'text-delta')).toBe(true);
      // The tool call's card opens while its arguments stream, before the complete call arrives.
      const types = events.map((event) => event.type);
      expect(types.indexOf('tool-call-start')).toBeGreaterThan(-1);
      expect(types.indexOf('tool-call-start')).toBeLessThan(types.indexOf('tool-call'));
      expect(types.filter((type) => type === 'tool-call-start')).toHaveLength(1);
    },
    60_000,
  );

  it('refuses invalid input with field errors and writes nothing', async () => {
    const before = await db.run.count();
    const result = await startRun({ profileName: 'simulator-chat', task: '   ', overrides: { temperature: 7 } }, { db, boss, profiles });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual(expect.arrayContaining(['task', 'overrides.temperature']));
    expect(await db.run.count()).toBe(before);
  });
});

describe('fallback chains', () => {
  it('switches to the next profile after rate limits, records the switch and cools the failing profile down', async () => {
    const flaky = failingSimulatorProfile('sim-always-429', 'rate_limit_json; retry_after=0', {
      maxOutputTokens: 2048,
      reasoning: { budgetTokens: 1024 },
    });
    const all = [...profiles, flaky];
    const started = await startRun(
      {
        profileName: 'sim-always-429',
        task: 'Use list_files then answer.',
        options: { fallbacks: ['simulator-chat'] },
      },
      { db, boss, profiles: all },
    );
    if (!started.ok) throw new Error(JSON.stringify(started));
    const run = await waitForRun(db, started.runId);
    expect(run.status).toBe('succeeded');
    const calls = await db.providerCall.findMany({ where: { runId: run.id }, orderBy: [{ startedAt: 'asc' }] });
    expect(calls.map((call) => [call.profileName, call.status, call.errorKind])).toEqual([
      ['sim-always-429', 'error', 'rate_limit'],
      ['sim-always-429', 'error', 'rate_limit'],
      ['simulator-chat', 'ok', null],
      // The next turn skips the cooling profile.
      ['simulator-chat', 'ok', null],
    ]);
    // The fallback audit: why each attempt happened, and the chain as it stood when each call began.
    expect(calls.map((call) => [call.cause, call.causeKind])).toEqual([
      [null, null],
      ['retry', 'rate_limit'],
      ['profile-fallback', 'rate_limit'],
      [null, null],
    ]);
    expect(calls[0]!.chainState).toEqual([
      { profile: 'sim-always-429', state: 'ready' },
      { profile: 'simulator-chat', state: 'ready' },
    ]);
    expect(calls[1]!.chainState).toBeNull();
    expect(calls[2]!.chainState).toEqual([
      { profile: 'sim-always-429', state: 'failed' },
      { profile: 'simulator-chat', state: 'ready' },
    ]);
    expect(calls[3]!.chainState).toEqual([
      { profile: 'sim-always-429', state: 'cooling', coolingUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      { profile: 'simulator-chat', state: 'ready' },
    ]);
    const events = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
    expectTodaysShapes(events);
    // Events carry data: the words are made where they are shown (lib/run-events/event-text.ts).
    expect(events.filter((event) => event.type === 'fallback').map((event) => event.payload)).toEqual([
      { from: 'sim-always-429', to: 'simulator-chat', kind: 'rate_limit' },
    ]);
    expect(events.filter((event) => event.type === 'error').map((event) => event.payload)).toEqual([
      { kind: 'rate_limit', status: 429, hint: expect.any(String), requestId: expect.any(String) },
    ]);
    expect(events.filter((event) => event.type === 'notice').map((event) => event.payload)).toContainEqual(
      expect.objectContaining({ notice: 'retrying', kind: 'rate_limit', status: 429, attempt: 1, nextAttempt: 2 }),
    );
    // Two profiles called in turn 0 still make one turn.
    expect(run.turnCount).toBe(await db.turn.count({ where: { runId: run.id } }));
    expect(run.turnCount).toBe(2);
    // A provider error's artifact says what the provider answered; where our code was is no help (no stack).
    const artifact = await db.errorArtifact.findFirstOrThrow({ where: { runId: run.id } });
    expect(artifact.payload).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      hint: expect.any(String),
      attempts: [expect.anything(), expect.anything()],
    });
    expect(artifact.payload).not.toHaveProperty('stack');
  }, 60_000);
});

describe('workspace templates', () => {
  it('seed the run workspace so tools see the files', async () => {
    const started = await startRun(
      {
        profileName: 'simulator-chat',
        task: 'Use read_file {"path": "README.md"} and summarize it.',
        options: { workspaceTemplate: 'sample-project' },
      },
      { db, boss, profiles },
    );
    if (!started.ok) throw new Error(JSON.stringify(started));
    const run = await waitForRun(db, started.runId);
    expect(run.status).toBe('succeeded');
    const call = await db.toolCall.findFirstOrThrow({ where: { runId: run.id } });
    expect(JSON.stringify(call.result)).toContain('Sample project');
  }, 60_000);
});
