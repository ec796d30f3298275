// Integration: 20 tool-using runs on real `npm run worker` processes that are SIGKILLed at random
// moments (before the first token, mid-stream, during a tool call, between turns), against the
// real Postgres test database. After every kill the stale-heartbeat sweeper of the next worker
// marks the runs interrupted, the test resumes them, and at the end every run has succeeded with
// its event log intact and no torn turn.
//
// The kill schedule (phases, targets, delays) comes from a seeded PRNG; the seed is printed, and
// SWITCHBOARD_KILL_SEED=<seed> replays the same schedule (the moments still depend on timing).
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import type { Message } from '@/lib/providers/core/types';
import { createDatabase, type Database } from '@/lib/store/database';
import { createMigratedDatabase } from '../../scripts/lib/test-database.mjs';
import { RUN_QUEUE, startQueue } from '@/lib/runs/run-queue';
import { startRun } from '@/lib/runs/start-run';
import { resumeRun } from '@/lib/runs/run-control';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const ROOT = join(__dirname, '../..');
const RUNS = 20;
const KILLS = Number(process.env.SWITCHBOARD_WORKER_KILLS ?? 6);
// Short, for a quick test, but not shorter than a loaded machine's gaps between a claim and the
// first beats (2 s was: a worker swept its own runs before they reached their windows).
const STALE_AFTER_MS = 5_000;
const SEED = Number(process.env.SWITCHBOARD_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PHASES = ['before-first-token', 'mid-stream', 'tool-call', 'between-turns'] as const;
type Phase = (typeof PHASES)[number] | 'finishing' | 'not-started';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const SIMULATOR_PROFILES = ['simulator-chat', 'simulator-anthropic', 'simulator-responses', 'simulator-openrouter'];
// About a minute each: they run with the fault tests (SWITCHBOARD_FAULT_TESTS=1, as in CI's `.ci/run`).
const faultTests = process.env.SWITCHBOARD_FAULT_TESTS === '1';

let db: Database;
let boss: PgBoss;
const children = new Set<ChildProcess>();
// A database of their own: these workers sweep stale runs every 5 s and take any queued run, which
// must not touch the runs of the test files that run alongside.
let databaseUrl: string;
let dropDatabase: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  if (!faultTests) return;
  const database = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_kill');
  databaseUrl = database.url;
  dropDatabase = database.drop;
  db = createDatabase(databaseUrl);
  boss = await startQueue(databaseUrl, () => undefined);
});
// A test that failed half-way leaves its workers and its runs: the workers must not take the next
// test's runs, nor the next test's workers its runs (a resumed run waits in the queue), so one
// failure stays one failure.
afterEach(async () => {
  if (!faultTests) return;
  await Promise.all(
    [...children].map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      return exited;
    }),
  );
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name = ${RUN_QUEUE}`;
  await deleteRunsWithRows(db, {});
});
afterAll(async () => {
  if (!faultTests) return;
  await boss.stop({ graceful: false, wait: true });
  await db.$disconnect();
  await dropDatabase();
});

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Worker = { child: ChildProcess; workerIdPrefix: string; output: string[]; killed: boolean };
type RunOnWorker = { id: string; worker: Worker };

/** A worker that died without being killed fails the test with what it printed. */
function expectAlive(worker: Worker): void {
  if (!worker.killed && (worker.child.exitCode !== null || worker.child.signalCode !== null)) {
    throw new Error(
      `worker ${worker.workerIdPrefix} exited by itself (${worker.child.exitCode ?? worker.child.signalCode}):\n${worker.output.join('').slice(-4000)}`,
    );
  }
}

/** A worker process that runs up to `concurrency` runs at once. */
function spawnWorker(concurrency = RUNS): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SWITCHBOARD_WORKER_CONCURRENCY: String(concurrency),
      SWITCHBOARD_STALE_AFTER_MS: String(STALE_AFTER_MS),
      SWITCHBOARD_LOG_LEVEL: 'warn',
      VITEST: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const output: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output.join('')}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (text.includes('running')) {
        clearTimeout(timer);
        resolve({ child, workerIdPrefix: `${hostname()}:${child.pid}:`, output, killed: false });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code ?? signal}): ${output.join('')}`));
    });
  });
}

async function kill(worker: Worker): Promise<void> {
  expectAlive(worker);
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.killed = true;
  worker.child.kill('SIGKILL');
  await exited;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const runs = await db.run.findMany({
        select: { id: true, status: true, workerId: true, heartbeatAt: true, errorKind: true, errorMessage: true },
        orderBy: { createdAt: 'asc' },
      });
      const now = Date.now();
      const lines = runs.map(
        (run) =>
          `${run.id} ${run.status} ${run.workerId ?? '-'} beat ${run.heartbeatAt ? now - run.heartbeatAt.getTime() : '-'} ms ago ${run.errorKind ?? ''} ${run.errorMessage ?? ''}`,
      );
      throw new Error(`timed out waiting for ${what}; the runs:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type EventRow = { id: bigint; seq: number; type: string; payload: unknown; createdAt: Date };
const OUTPUT = new Set(['text-delta', 'reasoning-delta', 'reasoning', 'tool-call']);

/** Where a run's current execution stands, judged from its committed events. */
function phaseOf(events: EventRow[]): Phase {
  const starts = events.filter((event) => event.type === 'status' && (event.payload as { status?: string }).status === 'running');
  if (!starts.length) return 'not-started';
  const execution = events.slice(events.indexOf(starts.at(-1)!));
  // Before the first token: the model has produced nothing for this run yet (in any execution).
  const answeredBefore = events.some((event) => event.type === 'finish');
  const lastTurnStart = execution.findLastIndex((event) => event.type === 'turn-start');
  if (lastTurnStart < 0) return answeredBefore ? 'between-turns' : 'before-first-token';
  const turn = execution.slice(lastTurnStart);
  const finished = turn.some((event) => event.type === 'finish');
  if (!finished) {
    if (turn.some((event) => OUTPUT.has(event.type))) return 'mid-stream';
    return answeredBefore ? 'between-turns' : 'before-first-token';
  }
  const calls = turn.filter((event) => event.type === 'tool-call').length;
  const results = turn.filter((event) => event.type === 'tool-result').length;
  if (results < calls) return 'tool-call';
  return calls ? 'between-turns' : 'finishing';
}

async function eventsOf(runId: string): Promise<EventRow[]> {
  return db.runEvent.findMany({
    where: { runId },
    orderBy: { seq: 'asc' },
    select: { id: true, seq: true, type: true, payload: true, createdAt: true },
  });
}

function toolCallIds(message: Message): string[] {
  return message.role === 'assistant' ? message.content.filter((part) => part.type === 'tool-call').map((part) => part.id) : [];
}

/**
 * The invariants of a run that is not executing (interrupted or finished): no turn left running,
 * every succeeded turn complete (an ok provider call, its assistant message, and its tool calls
 * answered in its own tool message with a ToolCall row each), no turn's tool results committed
 * without the turn, a conversation every provider accepts, and run totals that match the rows.
 */
async function expectNoTornTurn(runId: string, final: boolean): Promise<void> {
  const [run, turns, calls, messages, toolCalls] = await Promise.all([
    db.run.findUniqueOrThrow({ where: { id: runId } }),
    db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } }),
    db.providerCall.findMany({ where: { runId } }),
    db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } }),
    db.toolCall.findMany({ where: { runId } }),
  ]);
  const label = `run ${runId}`;
  expect(
    turns.map((turn) => turn.index),
    label,
  ).toEqual(turns.map((_, index) => index));
  expect(
    turns.filter((turn) => turn.status === 'running'),
    label,
  ).toEqual([]);
  expect(
    messages.map((message) => message.position),
    label,
  ).toEqual(messages.map((_, index) => index));
  expect(
    messages.slice(0, 2).map((message) => message.role),
    label,
  ).toEqual(messages.length ? ['system', 'user'] : []);
  // A turn counts once its row exists, with or without a recorded call (one the worker died in).
  expect(run.turnCount, label).toBe(turns.length);

  // The conversation: every assistant tool call is answered by the tool message right after it
  // (the last one may be unanswered while the run is interrupted: resume answers it), and nothing
  // follows a final answer.
  for (const [position, row] of messages.entries()) {
    const message = row.content as unknown as Message;
    const ids = toolCallIds(message);
    const next = messages[position + 1];
    if (message.role === 'assistant' && !ids.length) expect(next, `${label}: a message after the final answer`).toBeUndefined();
    if (!ids.length) continue;
    if (!next) {
      expect(final, `${label}: a finished run with unanswered tool calls`).toBe(false);
      continue;
    }
    const answer = next.content as unknown as Message;
    expect(answer.role, label).toBe('tool');
    if (answer.role === 'tool') expect(answer.content.map((part) => part.toolCallId).sort(), label).toEqual([...ids].sort());
  }

  for (const turn of turns) {
    const own = messages.filter((message) => message.turnId === turn.id).map((message) => message.content as unknown as Message);
    if (turn.status === 'succeeded') {
      expect(
        calls.some((call) => call.turnId === turn.id && call.status === 'ok'),
        `${label} turn ${turn.index}: no ok provider call`,
      ).toBe(true);
      const assistant = own.filter((message) => message.role === 'assistant');
      expect(assistant, `${label} turn ${turn.index}: its assistant message`).toHaveLength(1);
      const ids = toolCallIds(assistant[0]!);
      expect(
        own.filter((message) => message.role === 'tool'),
        `${label} turn ${turn.index}: its tool message`,
      ).toHaveLength(ids.length ? 1 : 0);
      expect(
        toolCalls
          .filter((call) => call.turnId === turn.id)
          .map((call) => call.providerCallId)
          .sort(),
        `${label} turn ${turn.index}: ToolCall rows`,
      ).toEqual([...ids].sort());
    } else {
      expect(turn.finishedAt, label).not.toBeNull();
      // A turn that did not complete holds no tool results: they commit with the turn's success.
      expect(
        own.filter((message) => message.role === 'tool'),
        `${label} turn ${turn.index} (${turn.status}, ${turn.finishReason}): tool results of a turn that did not complete`,
      ).toEqual([]);
    }
  }
  for (const call of toolCalls) {
    const turnMessages = messages
      .filter((message) => message.turnId === call.turnId)
      .map((message) => message.content as unknown as Message);
    expect(
      turnMessages.some((message) => toolCallIds(message).includes(call.providerCallId)),
      `${label}: ToolCall ${call.providerCallId} without its assistant message`,
    ).toBe(true);
  }
}

function expectContiguous(events: EventRow[], label: string) {
  expect(
    events.map((event) => event.seq),
    label,
  ).toEqual(events.map((_, index) => index));
}

/**
 * With several workers, each kill ends the one running a run in the target phase (or, not seen, one
 * of the busy ones), while the others go on; it is replaced at once. Each kill then hits about
 * 1/workers of the runs in flight: there are `workers` times as many kills, and runs start in
 * waves that many times smaller, so that as many runs are hit as with one worker.
 */
describe.runIf(faultTests).each([1, 2])('%i worker(s) killed with SIGKILL at random moments', (workerCount) => {
  const kills_ = KILLS * workerCount;
  it(
    `${RUNS} runs survive ${kills_} kills: logs intact and contiguous, runs interrupted then resumed to success, no torn turn`,
    async () => {
      console.log(`[worker-kill] ${workerCount} worker(s), seed ${SEED} — SWITCHBOARD_KILL_SEED=${SEED} replays this kill schedule`);
      const random = prng(SEED);
      const runIds: string[] = [];
      const interruptions = new Map<string, number>();
      /** Queues the next `count` of the runs: they start in waves, so every kill finds fresh ones. */
      const startRuns = async (count: number) => {
        for (let n = 0; n < count && runIds.length < RUNS; n++) {
          const index = runIds.length;
          const started = await startRun(
            {
              profileName: SIMULATOR_PROFILES[index % SIMULATOR_PROFILES.length],
              // Four rounds of a tool that takes 0.4 s, then the answer: five turns.
              task: `Run ${index}: run_command {"command": "sleep", "args": ["0.4"]} [[tool-rounds:4]]`,
              // Half the runs wait before each first byte (wide "before the first token" and "between
              // turns" windows), half stream slowly (wide "mid-stream" windows).
              overrides: { simulatorScenario: index % 2 ? 'slow_stream; ms=40' : 'slow_first_byte; ms=300' },
              options: { tools: ['run_command', 'list_files'], allowCommands: true, maxTurns: 40 },
            },
            { db, boss, profiles },
          );
          if (!started.ok) throw new Error(JSON.stringify(started));
          runIds.push(started.runId);
          interruptions.set(started.runId, 0);
        }
      };
      const wave = Math.ceil(RUNS / (4 * workerCount));
      await startRuns(wave);
      /** Each run's events as committed when its worker died (later reads must start with them). */
      const committedAtKill = new Map<string, EventRow[]>();
      const observed = new Map<Phase, number>();
      const schedule: string[] = [];
      const targets: (typeof PHASES)[number][] = [];

      /** Checks every interrupted run (its log as committed at the kill, no torn turn) and resumes it. */
      const resumeInterrupted = async () => {
        for (const run of await db.run.findMany({ where: { id: { in: runIds }, status: 'interrupted' } })) {
          expect(run.errorKind).toBe('interrupted');
          expect(run.finishedAt).not.toBeNull();
          const events = await eventsOf(run.id);
          const before = committedAtKill.get(run.id) ?? [];
          expect(events.slice(0, before.length), `run ${run.id}: committed events changed`).toEqual(before);
          expectContiguous(events, `run ${run.id}`);
          expect(events.at(-1), `run ${run.id}`).toMatchObject({ type: 'status', payload: { status: 'interrupted' } });
          await expectNoTornTurn(run.id, false);
          interruptions.set(run.id, interruptions.get(run.id)! + 1);
          committedAtKill.set(run.id, events);
          expect((await resumeRun(run.id, { db, boss })).ok, `resume ${run.id}`).toBe(true);
        }
      };

      // Between them they can run every run at once, as one worker can.
      const concurrency = Math.ceil(RUNS / workerCount);
      const workers = await Promise.all(Array.from({ length: workerCount }, () => spawnWorker(concurrency)));
      let kills = 0;
      const hitRuns = () => [...interruptions.values()].filter((count) => count > 0).length;
      const notHitYet = (run: RunOnWorker) => interruptions.get(run.id) === 0;
      // The planned kills, then more (up to as many again) while fewer than half the runs were hit:
      // when runs end quickly, a kill may find few of them on its worker.
      for (let kill_ = 0; kill_ < kills_ || (kill_ < 2 * kills_ && hitRuns() < RUNS / 2); kill_++) {
        // A random moment: a phase to catch (the first four kills aim at each phase once, in a
        // random order), a delay before looking for it, a jitter once it is seen.
        const order = kill_ === 0 ? shuffle([...PHASES], random) : null;
        if (order) targets.push(...order);
        const target = targets[kill_] ?? PHASES[Math.floor(random() * PHASES.length)]!;
        // Only a run that has not answered yet is before its first token: the next wave is queued now, not
        // after the kill, so that there are such runs to catch (with two workers the last wave was long past it).
        if (target === 'before-first-token') await startRuns(wave);
        const delay = Math.round(random() * 1_000);
        const jitter = Math.round(random() * 60);
        const onWorker = (worker: Worker) =>
          db.run.findMany({ where: { status: 'running', workerId: { startsWith: worker.workerIdPrefix } }, select: { id: true } });
        const running = async (): Promise<RunOnWorker[]> =>
          (await Promise.all(workers.map(async (worker) => (await onWorker(worker)).map(({ id }) => ({ id, worker }))))).flat();
        const unfinished = () => db.run.count({ where: { id: { in: runIds }, status: { in: ['queued', 'running'] } } });
        const busy = await waitFor('the workers to take runs', async () => {
          workers.forEach(expectAlive);
          if ((await running()).length > 0) return 'busy';
          return runIds.length === RUNS && (await unfinished()) === 0 && 'done';
        });
        if (busy === 'done') break;
        await sleep(delay);
        // Not seen within 2 s: the kill happens anyway, at that (still random) moment.
        const caught = await (async (): Promise<RunOnWorker | null> => {
          const deadline = Date.now() + 2_000;
          let seen: RunOnWorker | null = null;
          while (!seen && Date.now() < deadline) {
            const runs = await running();
            if (!runs.length) break;
            // A run no kill has hit yet is preferred: the kills spread over the runs.
            for (const run of runs) {
              if (phaseOf(await eventsOf(run.id)) !== target) continue;
              if (!seen || (!notHitYet(seen) && notHitYet(run))) seen = run;
            }
            if (!seen) await sleep(15);
          }
          return seen;
        })();
        await sleep(jitter);
        const runningNow = await running();
        const freshWorkers = new Set(runningNow.filter(notHitYet).map((run) => run.worker));
        const busyWorkers = [...new Set(runningNow.map((run) => run.worker))].filter(
          (worker, _, all) => freshWorkers.has(worker) || !all.some((other) => freshWorkers.has(other)),
        );
        // One worker: no draw, so that a seed replays the same schedule as before there were two.
        const current =
          caught?.worker ??
          (busyWorkers.length > 1 ? busyWorkers[Math.floor(random() * busyWorkers.length)]! : (busyWorkers[0] ?? workers[0]!));
        await kill(current);
        kills += 1;
        // A statement the server had already received still commits after the client died.
        await sleep(150);
        // The runs it held when it died: read after the kill, since a run can end, or be claimed,
        // between any read before it and the signal (a stall past the stale threshold may already
        // have had one swept).
        const victims = (
          await db.run.findMany({
            where: { status: { in: ['running', 'interrupted'] }, workerId: { startsWith: current.workerIdPrefix } },
            select: { id: true },
          })
        ).map((run) => run.id);
        const phases: string[] = [];
        for (const id of victims) {
          const events = await eventsOf(id);
          committedAtKill.set(id, events);
          const phase = phaseOf(events);
          observed.set(phase, (observed.get(phase) ?? 0) + 1);
          phases.push(phase);
        }
        schedule.push(
          `kill ${kill_ + 1}: target ${target}${caught ? '' : ' (not seen)'} after ${delay}+${jitter} ms → ${victims.length} run(s): ${phases.join(', ')}`,
        );
        console.log(`[worker-kill] ${schedule.at(-1)}`);

        // The next worker's sweeper (or another worker's) finds the stale heartbeats.
        workers[workers.indexOf(current)] = await spawnWorker(concurrency);
        await waitFor(
          'the sweeper to mark the runs interrupted',
          async () => (await db.run.count({ where: { id: { in: victims }, status: 'interrupted' } })) === victims.length,
          20_000,
        );
        await resumeInterrupted();
        await startRuns(wave);
      }
      console.log(
        `[worker-kill] seed ${SEED}\n  ${schedule.join('\n  ')}\n  phases at the kills: ${[...observed].map(([phase, count]) => `${phase} ${count}`).join(', ')}`,
      );

      // A live worker that stalls past the stale threshold (a loaded machine) has its runs
      // interrupted too: they must be just as consistent, and resume the same way.
      await waitFor(
        `every run to finish (the workers' logs: ${workers.map((worker) => worker.output.join('').slice(-3000)).join('\n')})`,
        async () => {
          workers.forEach(expectAlive);
          await resumeInterrupted();
          return (await db.run.count({ where: { id: { in: runIds }, status: { in: ['queued', 'running', 'interrupted'] } } })) === 0;
        },
        90_000,
      );
      for (const worker of workers) await kill(worker);
      for (const runId of runIds) {
        const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
        const label = `run ${runId} (seed ${SEED})`;
        expect(run.status, `${label}: ${run.errorKind} ${run.errorMessage}`).toBe('succeeded');
        expect(run.resumeCount, label).toBe(interruptions.get(runId));
        const events = await eventsOf(runId);
        expectContiguous(events, label);
        const before = committedAtKill.get(runId);
        if (before) expect(events.slice(0, before.length), `${label}: committed events changed`).toEqual(before);
        const statuses = events.filter((event) => event.type === 'status').map((event) => (event.payload as { status: string }).status);
        expect(
          statuses.filter((status) => status === 'interrupted'),
          label,
        ).toHaveLength(run.resumeCount);
        expect(statuses.at(-1), label).toBe('succeeded');
        expect(
          statuses.filter((status) => status === 'succeeded'),
          label,
        ).toHaveLength(1);
        expect(events.at(-1), label).toMatchObject({ type: 'status', payload: { status: 'succeeded' } });
        await expectNoTornTurn(runId, true);
        const turns = await db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } });
        expect(turns.at(-1), label).toMatchObject({ status: 'succeeded', finishReason: 'stop' });
      }
      expect(runIds).toHaveLength(RUNS);
      expect(kills, 'kills made before every run had finished').toBeGreaterThanOrEqual(4);
      expect(hitRuns(), 'runs hit by at least one kill').toBeGreaterThanOrEqual(RUNS / 2);
      for (const phase of PHASES) expect(observed.get(phase) ?? 0, `runs caught ${phase} (seed ${SEED})`).toBeGreaterThan(0);
    },
    240_000 * workerCount,
  );
});

/**
 * A worker can die between any two statements. Each window below holds one run's worker inside a
 * statement (a trigger waits in it until the test releases it — no fixed sleep: a busy machine
 * may take long to bring every run to its window; the trigger sets application_name so the test
 * can find the backend), the worker is SIGKILLed there, and the statement either goes on once
 * released ("after": the server had the whole statement) or is rolled back by terminating its
 * backend ("before").
 */
const WINDOWS = [
  { name: 'tool-results', mode: 'after', table: 'Message', event: 'INSERT', when: `NEW.role = 'tool' AND NEW."turnId" IS NOT NULL` },
  {
    name: 'tool-calls',
    mode: 'after',
    table: 'Message',
    event: 'INSERT',
    when: `NEW.role = 'assistant' AND jsonb_path_exists(NEW.content, '$.content[*] ? (@.type == "tool-call")')`,
  },
  { name: 'final-turn', mode: 'after', table: 'Turn', event: 'UPDATE', when: `NEW.status = 'succeeded' AND NEW."finishReason" = 'stop'` },
  {
    name: 'final-event',
    mode: 'after',
    table: 'RunEvent',
    event: 'INSERT',
    when: `NEW.type = 'status' AND NEW.payload->>'status' = 'succeeded'`,
  },
  {
    name: 'before-final-event',
    mode: 'before',
    table: 'RunEvent',
    event: 'INSERT',
    when: `NEW.type = 'status' AND NEW.payload->>'status' = 'succeeded'`,
  },
] as const;

async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function pauseIn(name: string, table: string, event: string, when: string, key: 'runId' | 'id', runId: string): Promise<void> {
  await sql(`CREATE TABLE IF NOT EXISTS "kill_window_release" (name text PRIMARY KEY)`);
  await sql(`DELETE FROM "kill_window_release" WHERE name = '${name}'`);
  await sql(`CREATE OR REPLACE FUNCTION "kill_window_${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM set_config('application_name', 'kill-window:${name}', false);
      WHILE NOT EXISTS (SELECT 1 FROM "kill_window_release" WHERE name = '${name}') LOOP PERFORM pg_sleep(0.05); END LOOP;
      RETURN NEW;
    END $$`);
  await sql(`CREATE TRIGGER "kill_window_${name}" AFTER ${event} ON "${table}" FOR EACH ROW
    WHEN (NEW."${key}" = '${runId}'::uuid AND ${when}) EXECUTE FUNCTION "kill_window_${name}"()`);
}

/** Lets a statement held in the window go on. */
async function release(name: string): Promise<void> {
  await sql(`INSERT INTO "kill_window_release" (name) VALUES ('${name}') ON CONFLICT DO NOTHING`);
}

async function unpause(name: string, table: string): Promise<void> {
  await sql(`DROP TRIGGER IF EXISTS "kill_window_${name}" ON "${table}"`);
  await sql(`INSERT INTO "kill_window_release" (name) VALUES ('${name}') ON CONFLICT DO NOTHING`).catch(() => {});
}

async function pausedBackends(): Promise<Map<string, number>> {
  const { rows } = await sql(
    `SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'kill-window:%' AND wait_event = 'PgSleep'`,
  );
  return new Map(
    rows.map((row: { pid: number; application_name: string }) => [row.application_name.slice('kill-window:'.length), row.pid]),
  );
}

async function backendGone(name: string): Promise<boolean> {
  const { rows } = await sql(
    `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kill-window:${name}'`,
  );
  return rows.length === 0;
}

/** `count` workers at once that can run the windows' runs between them (with several, each takes some). */
const spawnWorkers = (count: number) => Promise.all(Array.from({ length: count }, () => spawnWorker(Math.ceil(WINDOWS.length / count))));

describe.runIf(faultTests).each([1, 2])('%i worker(s) killed inside each commit window', (workerCount) => {
  it('leave no torn turn, an intact log, and runs that resume to one final answer', async () => {
    const runs = new Map<string, string>();
    for (const [index, window] of WINDOWS.entries()) {
      const started = await startRun(
        {
          profileName: SIMULATOR_PROFILES[index % SIMULATOR_PROFILES.length],
          task: `Window ${window.name}: list_files`,
          options: { tools: ['list_files'], maxTurns: 10 },
        },
        { db, boss, profiles },
      );
      if (!started.ok) throw new Error(JSON.stringify(started));
      runs.set(window.name, started.runId);
      // Held until released: the first ones wait in theirs while the others reach theirs.
      await pauseIn(window.name, window.table, window.event, window.when, 'runId', started.runId);
    }
    try {
      const first = await spawnWorkers(workerCount);
      const paused = await waitFor('every run to reach its window', async () => {
        first.forEach(expectAlive);
        const backends = await pausedBackends();
        return WINDOWS.every((window) => backends.has(window.name)) && backends;
      });
      const holders = await db.run.findMany({ where: { id: { in: [...runs.values()] } }, select: { workerId: true } });
      expect(new Set(holders.map((run) => run.workerId)).size, 'the workers holding the runs in their windows').toBe(workerCount);
      const committed = new Map<string, EventRow[]>();
      await Promise.all(first.map(kill));
      for (const window of WINDOWS) {
        if (window.mode === 'before') await sql(`SELECT pg_terminate_backend(${paused.get(window.name)})`);
        else await release(window.name);
      }
      for (const window of WINDOWS) await waitFor(`the ${window.name} statement to end`, () => backendGone(window.name), 15_000);
      for (const window of WINDOWS) await unpause(window.name, window.table);
      for (const runId of runs.values()) committed.set(runId, await eventsOf(runId));

      // The sweeper itself dies inside its own update of one of the runs.
      const sweptRun = runs.get('tool-calls')!;
      await pauseIn('sweeper', 'Run', 'UPDATE', `NEW.status = 'interrupted'`, 'id', sweptRun);
      // With several workers, the others' sweeps of that run wait on its row: they die with it.
      const second = await spawnWorkers(workerCount);
      await waitFor('the sweeper to reach its window', async () => {
        second.forEach(expectAlive);
        return (await pausedBackends()).has('sweeper');
      });
      await Promise.all(second.map(kill));
      await release('sweeper');
      await waitFor('the sweeper statement to end', () => backendGone('sweeper'), 15_000);
      await unpause('sweeper', 'Run');

      const third = await spawnWorkers(workerCount);
      await waitFor(
        'the runs to be interrupted',
        async () => (await db.run.count({ where: { id: { in: [...runs.values()] }, status: 'interrupted' } })) === runs.size,
        20_000,
      );
      // Every window is checked, and the failures reported together.
      const failures: string[] = [];
      const check = async (name: string, stage: string, body: () => Promise<void>) => {
        try {
          await body();
        } catch (error) {
          failures.push(`${name} (${stage}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        }
      };
      for (const [name, runId] of runs) {
        const label = `window ${name}: run ${runId}`;
        await check(name, 'interrupted', async () => {
          const events = await eventsOf(runId);
          expect(events.slice(0, committed.get(runId)!.length), label).toEqual(committed.get(runId));
          expectContiguous(events, label);
          const statuses = events.filter((event) => event.type === 'status').map((event) => (event.payload as { status: string }).status);
          expect(statuses, `${label}: the log of an interrupted run`).toEqual(['running', 'interrupted']);
          await expectNoTornTurn(runId, false);
        });
        expect((await resumeRun(runId, { db, boss })).ok, label).toBe(true);
      }
      await waitFor(
        'the resumed runs to finish',
        async () => (await db.run.count({ where: { id: { in: [...runs.values()] }, status: { in: ['queued', 'running'] } } })) === 0,
        60_000,
      );
      await Promise.all(third.map(kill));
      for (const [name, runId] of runs) {
        const label = `window ${name}: run ${runId}`;
        await check(name, 'resumed', async () => {
          const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
          expect(run.status, `${label}: ${run.errorKind} ${run.errorMessage}`).toBe('succeeded');
          const events = await eventsOf(runId);
          expectContiguous(events, label);
          expect(events.slice(0, committed.get(runId)!.length), label).toEqual(committed.get(runId));
          const statuses = events.filter((event) => event.type === 'status').map((event) => (event.payload as { status: string }).status);
          expect(statuses, label).toEqual(['running', 'interrupted', 'running', 'succeeded']);
          await expectNoTornTurn(runId, true);
        });
      }
      expect(failures).toEqual([]);
    } finally {
      for (const window of WINDOWS) await unpause(window.name, window.table);
      await unpause('sweeper', 'Run');
    }
  }, 180_000);
});

describe.runIf(faultTests)('a worker stalled past the stale threshold', () => {
  it('finds its run swept and resumed elsewhere when it wakes, and writes nothing more to it', async () => {
    const started = await startRun(
      {
        profileName: 'simulator-chat',
        task: 'Stall: run_command {"command": "sleep", "args": ["1.5"]} [[tool-rounds:2]]',
        options: { tools: ['run_command'], allowCommands: true, maxTurns: 10 },
      },
      { db, boss, profiles },
    );
    if (!started.ok) throw new Error(JSON.stringify(started));
    const runId = started.runId;
    const stalled = await spawnWorker();
    // Stalled while its tool runs: when it wakes, the tool's result is what it would write next.
    await waitFor('the run to be in its first tool call', async () => phaseOf(await eventsOf(runId)) === 'tool-call');
    stalled.child.kill('SIGSTOP');
    try {
      const rescuer = await spawnWorker();
      await waitFor(
        'the sweeper to interrupt the stalled run',
        async () => (await db.run.findUniqueOrThrow({ where: { id: runId } })).status === 'interrupted',
        20_000,
      );
      expect((await resumeRun(runId, { db, boss })).ok).toBe(true);
      await waitFor(
        'the rescuer to finish it',
        async () => !['queued', 'running'].includes((await db.run.findUniqueOrThrow({ where: { id: runId } })).status),
        30_000,
      );
      // The stalled worker wakes after its run was finished elsewhere: once it is done with the run
      // its job leaves `active` (the rescuer's job is another one); then time for the timers,
      // buffered events and writes it still had.
      stalled.child.kill('SIGCONT');
      await waitFor('the woken worker to end its job', async () => {
        expectAlive(stalled);
        const { rows } = await sql(`SELECT 1 FROM pgboss.job WHERE data->>'runId' = '${runId}' AND state = 'active'`);
        return rows.length === 0;
      });
      await sleep(3_000);
      expectAlive(stalled);
      const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run.status, `${run.errorKind} ${run.errorMessage}`).toBe('succeeded');
      expect(run.workerId?.startsWith(rescuer.workerIdPrefix)).toBe(true);
      const events = await eventsOf(runId);
      expectContiguous(events, `run ${runId}`);
      const statuses = events.filter((event) => event.type === 'status').map((event) => (event.payload as { status: string }).status);
      expect(statuses).toEqual(['running', 'interrupted', 'running', 'succeeded']);
      expect(events.at(-1)).toMatchObject({ type: 'status', payload: { status: 'succeeded' } });
      await expectNoTornTurn(runId, true);
      await kill(rescuer);
    } finally {
      stalled.child.kill('SIGCONT');
      await kill(stalled).catch(() => undefined);
    }
  }, 90_000);
});
