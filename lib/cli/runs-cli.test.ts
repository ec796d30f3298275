// Integration: `npm run runs` (list, show, tail) as a child process on runs executed here through
// the conductor and the simulator, recorded in the test database.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { executeStandaloneRun } from '@/lib/worker/standalone-run';
import { createLogger } from '@/lib/server/logger';
import { createRun } from '@/lib/runs/start-run';
import { cancelRun } from '@/lib/runs/run-control';
import type { StartRunInput } from '@/lib/runs/run-input';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
import { replayTranscript } from '@/lib/runs/transcript-reducer';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import { exportRunBundle } from '@/lib/store/export-bundle';
import { createDatabase, type Database } from '@/lib/store/database';
import { cliEnv, nodeScript, npmRun } from './cli-process';
import { HOSTILE, RAW_CONTROL } from './fixtures';
import { formatTranscript } from './transcript-text';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
// A model name of this test alone: `list --model` then shows exactly its runs.
const MODEL = `sim-gpt-cli-${randomBytes(4).toString('hex')}`;

let db: Database;
let simulator: SimulatorHandle;
let slowSimulator: SimulatorHandle;
let succeededId: string;
let failedId: string;

async function create(input: Omit<StartRunInput, 'overrides'> & { overrides?: StartRunInput['overrides'] }): Promise<string> {
  const created = await createRun({ ...input, overrides: { model: MODEL, ...input.overrides } }, { db, profiles });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return created.runId;
}

function execute(runId: string, simulatorUrl: string) {
  return executeStandaloneRun(runId, { db, workerId: 'runs-cli-test', logger: createLogger(), simulatorUrl });
}

beforeAll(async () => {
  db = createDatabase(inject('databaseUrl'));
  simulator = await startSimulator({ port: 0 });
  slowSimulator = await startSimulator({ port: 0, chunkDelayMs: 15 });
  succeededId = await create({ profileName: 'simulator-chat', task: 'Use write_file {"path": "hello.txt", "content": "hi"} then say so.' });
  expect(await execute(succeededId, simulator.url)).toBe('succeeded');
  failedId = await create({ profileName: 'simulator-chat', task: 'Say hello.', overrides: { simulatorScenario: 'auth' } });
  expect(await execute(failedId, simulator.url)).toBe('failed');
}, 60_000);

afterAll(async () => {
  await simulator?.close();
  await slowSimulator?.close();
  await db?.$disconnect();
});

const env = () => cliEnv(inject('databaseUrl'));

describe('npm run runs -- list', () => {
  it('prints the runs as a table, newest first, with the /runs filters', async () => {
    const all = await npmRun('runs', ['list', '--model', MODEL], env()).done;
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^status +provider +model +turns +tokens in\/out +cost +errors +duration +started \(UTC\) +id$/);
    // No tokens, no priced attempt: no cost (—), never $0.
    expect(lines[1]).toMatch(new RegExp(`^failed +simulator +${MODEL} +1 +0/0 +— +1 auth .* ${failedId}$`));
    // The file's own model name is in no price table: its tokens have no price (not $0).
    expect(lines[2]).toMatch(new RegExp(`^succeeded +simulator +${MODEL} +2 +[\\d,]+/[\\d,]+ +no price +0 .* ${succeededId}$`));
    expect(lines[3]).toBe('2 runs');

    const failed = await npmRun('runs', ['list', '--model', MODEL, '--has-errors', '--json'], env()).done;
    expect(failed.code).toBe(0);
    const page = JSON.parse(failed.stdout) as { runs: { id: string; errorKind: string | null }[] };
    expect(page.runs.map((run) => [run.id, run.errorKind])).toEqual([[failedId, 'auth']]);

    const none = await npmRun('runs', ['list', '--model', MODEL, '--status', 'cancelled'], env()).done;
    expect(none.stdout.trim()).toBe('No runs match these filters.');
  }, 60_000);

  it('a database that is not there: one line that says so, exit 1, no stack', async () => {
    const missing = new URL(inject('databaseServerUrl'));
    missing.pathname = `/switchboard_runs_missing_${randomBytes(4).toString('hex')}`;
    const result = await nodeScript('runs.ts', ['list'], cliEnv(missing.toString())).done;
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^\[runs\] .*does not exist/);
    expect(result.stderr).not.toMatch(/\n\s+at |invocation|\.ts:\d+/);
  });

  it('refuses a filter the page refuses (exit 2) without opening the database', async () => {
    const result = await npmRun('runs', ['list', '--limit', '500'], cliEnv('postgresql://nobody@127.0.0.1:1/none')).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid filter: limit is at most 200.');
  }, 60_000);
});

describe('npm run runs -- show', () => {
  it('prints the transcript the run page shows (same reducer), with per-turn strips', async () => {
    const result = await npmRun('runs', ['show', succeededId], env()).done;
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toContain(`Run ${succeededId} · succeeded`);
    expect(text).toContain(`── Turn 1 · simulator-chat · ${MODEL}`);
    expect(text).toMatch(new RegExp(`simulator · openai-chat · ${MODEL} · streamed · latency \\d+ ms · TTFT \\d+ ms · retries 0`));
    // Chat Completions reports cache reads and reasoning tokens (0 here) but never cache writes.
    expect(text).toMatch(/tokens in \d+ \/ out \d+ \/ reasoning 0 · cache read 0 \/ write not reported · .*request \S+/);
    expect(text).toContain('   → write_file {"path":"hello.txt","content":"hi"}');
    expect(text).toMatch(/ {3}← write_file ok \{"ok":true/);
    expect(text).toContain('■ Run succeeded');
    const [detail, events] = await Promise.all([getRunDetail(db, succeededId), listRunEvents(db, succeededId)]);
    expect(text).toContain(formatTranscript(replayTranscript(events).blocks, detail!.turns).join('\n'));
  }, 60_000);

  it('shows a failed run’s provider error and its error artifact', async () => {
    const result = await npmRun('runs', ['show', failedId], env()).done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Run ${failedId} · failed`);
    expect(result.stdout).toMatch(/ {3}\[provider-error\] auth 401 The API key was refused/);
    expect(result.stdout).toContain('Error artifacts (1)');
    expect(result.stdout).toMatch(/ {2}errors\/turn_1\.json {2}auth · HTTP 401/);
    expect(result.stdout).toMatch(/ {4}attempt 1 · streamed · error auth HTTP 401/);
  }, 60_000);

  it('--json gives the run detail, its events and transcript blocks', async () => {
    const result = await npmRun('runs', ['show', succeededId, '--json'], env()).done;
    const body = JSON.parse(result.stdout) as {
      run: { id: string };
      turns: unknown[];
      events: { seq: number }[];
      transcript: { kind: string }[];
    };
    expect(body.run.id).toBe(succeededId);
    expect(body.turns).toHaveLength(2);
    expect(body.events.map((event) => event.seq)).toEqual(body.events.map((_, index) => index));
    expect(body.transcript.some((block) => block.kind === 'tool')).toBe(true);
  }, 60_000);

  it('a malformed id is bad usage (2), an unknown one is not found (1)', async () => {
    const malformed = await npmRun('runs', ['show', 'not-a-run'], env()).done;
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^Malformed run id: a run id is a UUID/);
    const unknown = randomUUID();
    const missing = await npmRun('runs', ['show', unknown], env()).done;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No run with id ${unknown}.`);
  }, 60_000);
});

describe('npm run runs -- tail', () => {
  /** A run left queued (no worker here takes it), and a tail of it once the tail shows it queued. */
  async function tailQueuedRun(task: string) {
    const runId = await create({ profileName: 'simulator-chat', task });
    const tail = nodeScript('runs.ts', ['tail', runId], env());
    await tail.waitForOutput((stdout) => stdout.includes(`Run ${runId} · queued`));
    return { runId, tail };
  }

  it('follows a running run: every event once, in order, as it happens; exits with the run', async () => {
    const runId = await create({
      profileName: 'simulator-chat',
      task: 'Use list_files, then write a long answer. [[words:300]]',
      overrides: { model: MODEL },
    });
    const json = nodeScript('runs.ts', ['tail', runId, '--json'], env());
    const text = nodeScript('runs.ts', ['tail', runId], env());
    // Both follow the run before it starts (a CLI still warming up would read every event at once).
    await text.waitForOutput((_, stderr) => stderr.includes(`[runs] Following run ${runId} (queued)`));
    await json.waitForOutput((_, stderr) => stderr.includes(`[runs] Following run ${runId} (queued)`));
    const arrivals: number[] = [];
    json.child.stdout!.on('data', () => arrivals.push(Date.now()));
    const outcome = await execute(runId, slowSimulator.url);
    const finishedAt = Date.now();
    expect(outcome).toBe('succeeded');
    const [jsonResult, textResult] = await Promise.all([json.done, text.done]);

    expect(jsonResult.code).toBe(0);
    const lines = jsonResult.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq?: number; type?: string; end?: boolean; status?: string });
    const stored = await listRunEvents(db, runId);
    expect(lines.slice(0, -1).map((line) => [line.seq, line.type])).toEqual(stored.map((event) => [event.seq, event.type]));
    expect(lines.at(-1)).toEqual({ end: true, status: 'succeeded', lastSeq: stored.at(-1)!.seq });
    // Live: output arrived while the run was still going, not all at the end.
    expect(arrivals.length).toBeGreaterThan(1);
    expect(arrivals[0]!).toBeLessThan(finishedAt);

    expect(textResult.code).toBe(0);
    expect(textResult.stdout).toContain('▶ Started on worker runs-cli-test');
    expect(textResult.stdout).toContain('   → list_files {}');
    expect(textResult.stdout).toContain('   ← list_files ok');
    const answer = replayTranscript(stored)
      .blocks.filter((block) => block.kind === 'text')
      .at(-1);
    expect(answer?.kind === 'text' && textResult.stdout.includes(answer.text.trim().split('\n')[0]!)).toBe(true);
    expect(textResult.stdout.trimEnd().split('\n').slice(-3)).toEqual(['■ Run succeeded', '', `Run ${runId} ended: succeeded`]);
  }, 90_000);

  it('an ended run prints its log and exits at once with its status (failed → 1)', async () => {
    const result = await nodeScript('runs.ts', ['tail', failedId], env()).done;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[provider-error] auth 401');
    expect(result.stdout.trimEnd().endsWith(`Run ${failedId} ended: failed`)).toBe(true);
  }, 60_000);

  it('a queued run cancelled before it started (its one event says so) ends the tail too', async () => {
    const { runId, tail } = await tailQueuedRun('Cancelled while queued.');
    expect(await cancelRun(runId, { db })).toEqual({ ok: true, status: 'cancelled', seq: 0 });
    const result = await tail.done;
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().endsWith(`Run ${runId} ended: cancelled`)).toBe(true);
  }, 60_000);

  it('Ctrl-C stops following cleanly', async () => {
    const { runId, tail } = await tailQueuedRun('Never executed.');
    tail.child.kill('SIGINT');
    const result = await tail.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain(`Stopped following; the run is queued (npm run runs -- tail ${runId} to follow it again).`);
    expect(result.stderr).not.toMatch(/Error|lost/);
    await cancelRun(runId, { db });
  }, 60_000);
});

describe('run content from an imported bundle', () => {
  it('reaches the terminal as visible text: import, list, show and tail (text and --json) print no raw ESC, BEL, C1 or bidi control, nor colours when stdout is not a terminal', async () => {
    const bundle = structuredClone((await exportRunBundle(db, succeededId))!);
    const evil = (text: string) => `${text}${HOSTILE}`;
    const hostileModel = `${MODEL}-imported`;
    bundle.run = {
      ...bundle.run,
      id: evil(randomUUID()),
      task: evil(bundle.run.task),
      provider: evil('simulator'),
      model: hostileModel,
      errorKind: evil('internal'),
      errorMessage: evil('boom'),
    };
    bundle.providerCalls = bundle.providerCalls.map((call) => ({ ...call, requestId: evil('req'), modelServed: evil('m') }));
    bundle.toolCalls = bundle.toolCalls.map((call) => ({ ...call, name: evil(call.name) }));
    bundle.errorArtifacts = [
      {
        turnIndex: 0,
        kind: evil('server'),
        httpStatus: 500,
        file: evil('turn_1.json'),
        payload: {
          kind: evil('server'),
          status: 500,
          hint: evil('hint'),
          message: evil('message'),
          bodySnippet: evil('<html>'),
          attempts: [],
        },
        createdAt: new Date(),
      },
    ];
    bundle.events = bundle.events.map((event) => {
      const payload = { ...(event.payload as Record<string, unknown>) };
      for (const key of ['text', 'name', 'message'] as const)
        if (typeof payload[key] === 'string') payload[key] = evil(payload[key] as string);
      if (event.type === 'tool-call') payload.arguments = { [evil('path')]: evil('.') };
      if (event.type === 'tool-result') payload.result = { ok: true, entries: [evil('file')] };
      return { ...event, payload: payload as typeof event.payload };
    });
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-hostile-'));
    // A file name can carry escapes too (the import prints it); not a "/", though.
    const file = join(dir, 'bundle\u001b]0;title\u0007\u009b2J.json');
    writeFileSync(file, JSON.stringify(bundle));
    // No NO_COLOR: colours stay off because stdout is a pipe, not a terminal.
    const { NO_COLOR: _noColor, ...piped } = env();
    try {
      const imported = await npmRun('import', [file], piped).done;
      expect(imported.code).toBe(0);
      const runId = /imported as (\S+)/.exec(imported.stderr)![1]!;
      const outputs: Record<string, { code: number | null; stdout: string; stderr: string }> = {
        import: imported,
        list: await npmRun('runs', ['list', '--model', hostileModel], piped).done,
        show: await npmRun('runs', ['show', runId], piped).done,
        tail: await nodeScript('runs.ts', ['tail', runId], piped).done,
      };
      const json = {
        list: await npmRun('runs', ['list', '--model', hostileModel, '--json'], piped).done,
        show: await npmRun('runs', ['show', runId, '--json'], piped).done,
        tail: await nodeScript('runs.ts', ['tail', runId, '--json'], piped).done,
      };
      for (const [name, result] of Object.entries({
        ...outputs,
        ...Object.fromEntries(Object.entries(json).map(([key, value]) => [`${key} --json`, value])),
      })) {
        expect({ name, code: result.code }).toEqual({ name, code: 0 });
        expect({ name, raw: RAW_CONTROL.exec(result.stdout + result.stderr)?.[0] }).toEqual({ name, raw: undefined });
      }
      // Shown as text: the clipboard write (OSC 52) can be read, not run.
      expect(outputs.import!.stderr).toContain(`(from ${bundle.run.id.slice(0, -HOSTILE.length)}␛]52;c;`);
      expect(outputs.list!.stdout).toContain('internal␛]52;c;');
      for (const name of ['show', 'tail'] as const) {
        expect(outputs[name]!.stdout).toContain(`task      ${bundle.run.task.slice(0, -HOSTILE.length)}␛]52;c;`);
        expect(outputs[name]!.stdout).toMatch(/→ write_file␛]52;c;\S* \{"path␛\]52;c;/);
      }
      expect(outputs.show!.stdout).toContain('hint     hint␛]52;c;');
      // JSON keeps the content exactly (its escapes are JSON's).
      expect((JSON.parse(json.show.stdout) as { run: { task: string } }).run.task).toBe(bundle.run.task);
      expect((JSON.parse(json.list.stdout) as { runs: { errorKind: string }[] }).runs[0]!.errorKind).toBe(evil('internal'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
