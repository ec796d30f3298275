// Integration: `npm run runs -- compare | fork | replay` as child processes on a database of this
// file's own, whose queue a worker here serves (with the Simulator over HTTP).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { getComparisonView } from '@/lib/runs/comparison-view';
import { compareRunOn } from '@/lib/runs/comparisons';
import { startRun } from '@/lib/runs/start-run';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import type { Database } from '@/lib/store/database';
import { exportRunBundle } from '@/lib/store/export-bundle';
import { importRunBundle } from '@/lib/store/import-bundle';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { expectNothingWritten, testDatabaseUrl, useTestDatabase } from '@/test/bad-input';
import { waitForRun } from '@/test/wait-for-run';
import { cliEnv, nodeScript, npmRun } from './cli-process';
import { formatComparison } from './comparison-table';
import { HOSTILE, RAW_CONTROL } from './fixtures';

useTestDatabase();

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const WRITE_TASK = 'Use write_file {"path": "cli.txt", "content": "hi"} then say so.';

let simulator: SimulatorHandle;
let worker: WorkerHandle;
let db: Database;
let parentId: string;
let importedId: string;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  worker = await startWorker({ databaseUrl: testDatabaseUrl(), concurrency: 4, simulatorUrl: simulator.url });
  db = worker.db;
  const started = await startRun({ profileName: 'simulator-chat', task: WRITE_TASK }, { db, boss: worker.boss, profiles });
  if (!started.ok) throw new Error(JSON.stringify(started));
  parentId = started.runId;
  expect((await waitForRun(db, parentId)).status).toBe('succeeded');
  const bundle = structuredClone((await exportRunBundle(db, parentId))!);
  bundle.run = { ...bundle.run, id: randomUUID() };
  const imported = await importRunBundle(db, bundle);
  if (imported.status !== 'imported') throw new Error(JSON.stringify(imported));
  importedId = imported.runId;
}, 90_000);

afterAll(async () => {
  // Stopping the worker ends its database handle (the one these tests use).
  await worker?.stop();
  await simulator?.close();
});

const env = () => cliEnv(testDatabaseUrl());
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('bad input: one line on stderr, exit 2, nothing written', () => {
  const refusals: [string, string[], string | RegExp][] = [
    [
      'an imported run cannot fork',
      ['fork', '<imported>', '--turn', '1', '--profile', 'simulator-chat'],
      'An imported run cannot be forked: This run was imported from a bundle: a read-only archive without its opaque reasoning, so it cannot be forked. Replay it instead.',
    ],
    [
      'a turn that does not exist',
      ['fork', '<parent>', '--turn', '6', '--profile', 'simulator-chat'],
      'No such turn: Run <parent> has no turn 6 (its turns are 1–2).',
    ],
    [
      'the turn that ended the run',
      ['fork', '<parent>', '--turn', '2', '--profile', 'simulator-chat'],
      /^That turn ended the run: Turn 2 ended the run with its answer/,
    ],
    [
      'a profile without credentials (fork)',
      ['fork', '<parent>', '--turn', '1', '--profile', 'openai-gpt-4.1'],
      /^Some fields need attention: OpenAI · gpt-4\.1 \(Chat\) .*OPENAI_API_KEY is not set/,
    ],
    [
      'a profile without credentials (replay)',
      ['replay', '<parent>', '--profile', 'anthropic-claude-sonnet'],
      /ANTHROPIC_API_KEY is not set/,
    ],
    [
      'a profile without credentials among the compared ones',
      ['compare', '--profile', 'simulator-chat', '--profile', 'openai-gpt-4.1', '--task', 'Refused comparison.'],
      /^Not every profile can run this comparison: openai-gpt-4\.1: .*OPENAI_API_KEY is not set/,
    ],
    ['an unknown profile', ['compare', '--run', '<parent>', '--profile', 'nope'], /^Not every profile can run this comparison: .*nope/],
  ];

  it.each(refusals)(
    '%s',
    async (_, args, message) => {
      const argv = args.map((arg) => arg.replace('<parent>', parentId).replace('<imported>', importedId));
      const expected = typeof message === 'string' ? message.replace('<parent>', parentId) : message;
      const result = await expectNothingWritten(() => npmRun('runs', argv, env()).done);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      if (typeof expected === 'string') expect(lastLine(result.stderr)).toBe(expected);
      else expect(lastLine(result.stderr)).toMatch(expected);
      // The database line, then the refusal: one line of its own.
      expect(
        result.stderr
          .trimEnd()
          .split('\n')
          .filter((line) => !line.startsWith('[runs] ')),
      ).toHaveLength(1);
    },
    60_000,
  );

  it('a comparison of one profile is refused before any database is opened', async () => {
    const result = await npmRun(
      'runs',
      ['compare', '--profile', 'simulator-chat', '--task', 'Say hi.'],
      cliEnv('postgresql://nobody@127.0.0.1:1/none'),
    ).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Choose at least 2 profiles to compare (--profile).\nUsage: npm run runs -- --help\n');
  }, 60_000);

  it('an unknown run or comparison is not found (1)', async () => {
    const unknown = randomUUID();
    const fork = await expectNothingWritten(
      () => npmRun('runs', ['fork', unknown, '--turn', '1', '--profile', 'simulator-chat'], env()).done,
    );
    expect(fork.code).toBe(1);
    expect(lastLine(fork.stderr)).toBe(`No run ${unknown}.`);
    const compare = await npmRun('runs', ['compare', unknown], env()).done;
    expect(compare.code).toBe(1);
    expect(lastLine(compare.stderr)).toBe(`No comparison with id ${unknown}.`);
  }, 60_000);
});

describe('npm run runs -- compare', () => {
  let comparisonId: string;

  it('starts one task on two profiles (a fault on one), waits for them with --follow and prints the aligned table', async () => {
    const result = await npmRun(
      'runs',
      [
        'compare',
        '--profile',
        'simulator-chat',
        '--profile',
        'simulator-openrouter',
        '--task',
        WRITE_TASK,
        '--scenario',
        'simulator-chat=rate_limit_json; times=1; retry_after=0',
        '--follow',
      ],
      env(),
    ).done;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    comparisonId = /^Comparison (\S+): 2 runs\.$/.exec(lines[0]!)![1]!;
    expect(lines[1]).toMatch(/^ {2}1 simulator-chat {8}\S{36} {2}queued$/);
    expect(lines[2]).toMatch(/^ {2}2 simulator-openrouter {2}\S{36} {2}queued$/);
    expect(lines[3]).toBe(`  http://localhost:3000/compare/${comparisonId}`);
    expect(result.stderr).toContain('[runs] 2 of 2 runs ended');

    const view = (await getComparisonView(db, comparisonId))!;
    expect(view.members.map((member) => member.status)).toEqual(['succeeded', 'succeeded']);
    // The table is the comparison as the view reads it (the runs have ended: nothing moves).
    expect(result.stdout).toContain(`\n\n${formatComparison(view).join('\n')}\n`);
    expect(result.stdout).toMatch(/\n +1 simulator-chat +2 simulator-openrouter\n/);
    expect(result.stdout).toMatch(/\n {2}tool calls +write_file \{"path":"cli\.txt","conte… +write_file \{"path":"cli\.txt","conte…\n/);
    // The rate limit on the Chat member shows as a retry in its column.
    expect(result.stdout).toMatch(/\nTurn 1\n(.*\n){6} {2}retries \/ fallbacks +1 \/ 0 +0 \/ 0\n/);
    expect(result.stdout).toMatch(/\n {2}turns +2 ★ +2 ★\n/);
    expect(result.stdout).toContain('\nFinal answers\n  1 simulator-chat\n    Tool write_file returned:');

    const again = await npmRun('runs', ['compare', comparisonId], env()).done;
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${formatComparison((await getComparisonView(db, comparisonId))!).join('\n')}\n`);
  }, 120_000);

  it('--json prints the view, --csv the export', async () => {
    const json = await npmRun('runs', ['compare', comparisonId, '--json'], env()).done;
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as { id: string; members: { profileName: string }[]; turns: { index: number }[] };
    expect(view.id).toBe(comparisonId);
    expect(view.members.map((member) => member.profileName)).toEqual(['simulator-chat', 'simulator-openrouter']);
    expect(view.turns.map((turn) => turn.index)).toEqual([0, 1]);

    const csv = await npmRun('runs', ['compare', comparisonId, '--csv'], env()).done;
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split('\r\n');
    expect(rows[0]).toMatch(/^row,turn,column,run_id,profile,/);
    expect(rows.slice(1, -1).map((row) => row.split(',').slice(0, 3).join(','))).toEqual([
      'turn,1,1',
      'turn,1,2',
      'turn,2,1',
      'turn,2,2',
      'run,,1',
      'run,,2',
    ]);
    expect(rows.at(-1)).toBe('');
  }, 60_000);

  it('compares a run on more profiles (--run), the run itself in the first column', async () => {
    const result = await npmRun('runs', ['compare', '--run', parentId, '--profile', 'simulator-anthropic', '--json'], env()).done;
    expect(result.code).toBe(0);
    const started = JSON.parse(result.stdout) as { comparisonId: string; runIds: string[]; url: string };
    expect(started.runIds[0]).toBe(parentId);
    expect(started.url).toBe(`http://localhost:3000/compare/${started.comparisonId}`);
    expect(await waitForRun(db, started.runIds[1]!)).toMatchObject({
      status: 'succeeded',
      profileName: 'simulator-anthropic',
      task: WRITE_TASK,
    });
  }, 60_000);
});

describe('npm run runs -- fork / replay', () => {
  it('fork --follow starts the fork, prints its id and page, then tails it to the end', async () => {
    const result = await npmRun('runs', ['fork', parentId, '--turn', '1', '--profile', 'simulator-anthropic', '--follow'], env()).done;
    expect(result.code).toBe(0);
    const [first, second] = result.stdout.split('\n');
    const forkId = new RegExp(`^Run (\\S+) forked from run ${parentId} after turn 1, on simulator-anthropic: queued\\.$`).exec(first!)![1]!;
    expect(second).toBe(`  http://localhost:3000/runs/${forkId}`);
    expect(result.stdout).toContain(`Forked from run ${parentId} after its turn 1: 4 messages and 1 tool result carried over.`);
    expect(result.stdout.trimEnd().endsWith(`Run ${forkId} ended: succeeded`)).toBe(true);
    expect(await db.run.findUniqueOrThrow({ where: { id: forkId } })).toMatchObject({
      lineage: 'fork',
      parentRunId: parentId,
      forkedAtTurn: 0,
    });
  }, 90_000);

  it('replay --json --follow: its ids, then its events, then how it ended', async () => {
    const result = await npmRun(
      'runs',
      ['replay', parentId, '--profile', 'simulator-openrouter', '--on-divergence', 'continue', '--json', '--follow'],
      env(),
    ).done;
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const started = lines[0] as { runId: string; parentRunId: string; url: string };
    expect(started).toEqual({ runId: started.runId, parentRunId: parentId, url: `http://localhost:3000/runs/${started.runId}` });
    expect(lines.at(-1)).toMatchObject({ end: true, status: 'succeeded' });
    expect(lines.slice(1, -1).find((event) => event.type === 'tool-result')).toMatchObject({ payload: { replayed: true } });
    expect(await db.run.findUniqueOrThrow({ where: { id: started.runId } })).toMatchObject({
      lineage: 'replay',
      replayMode: 'continue',
      replayDivergence: null,
    });
  }, 90_000);

  it('without --follow, a replay is started and left to the worker', async () => {
    const result = await nodeScript('runs.ts', ['replay', parentId, '--profile', 'simulator-chat'], env()).done;
    expect(result.code).toBe(0);
    const replayId = /^Run (\S+) replays run /.exec(result.stdout)![1]!;
    expect(result.stdout).toContain('with its recorded tool results (at the first other call: stop), on simulator-chat: queued.');
    expect((await waitForRun(db, replayId)).status).toBe('succeeded');
  }, 60_000);
});

describe('run content in a comparison', () => {
  it('reaches the terminal as visible text (table, --json, --csv), with no colour when stdout is not a terminal', async () => {
    const bundle = structuredClone((await exportRunBundle(db, parentId))!);
    const evil = (text: string) => `${text}${HOSTILE}`;
    bundle.run = { ...bundle.run, id: randomUUID(), task: evil(bundle.run.task), model: evil('m'), profileName: evil('p') };
    bundle.toolCalls = bundle.toolCalls.map((call) => ({ ...call, name: evil(call.name), arguments: { [evil('path')]: evil('.') } }));
    // The final answer too (the comparison prints it).
    bundle.transcript = bundle.transcript.map((entry) => {
      const message = entry.message as { role: string; content: { type: string; text?: string }[] };
      if (message.role !== 'assistant') return entry;
      const content = message.content.map((part) => (part.type === 'text' ? { ...part, text: evil(part.text!) } : part));
      return { ...entry, message: { ...message, content } as typeof entry.message };
    });
    const imported = await importRunBundle(db, bundle);
    if (imported.status !== 'imported') throw new Error(JSON.stringify(imported));
    const comparison = await compareRunOn(imported.runId, { profileNames: ['simulator-chat'] }, { db, boss: worker.boss, profiles });
    if (!comparison.ok) throw new Error(JSON.stringify(comparison));
    const { NO_COLOR: _noColor, ...piped } = env();
    for (const format of [[], ['--json'], ['--csv']]) {
      const result = await npmRun('runs', ['compare', comparison.comparisonId, ...format], piped).done;
      expect({ format, code: result.code }).toEqual({ format, code: 0 });
      // CSV lines end in CR LF, as RFC 4180 has them; no other control character.
      const output = (format[0] === '--csv' ? result.stdout.replace(/\r\n/g, '\n') : result.stdout) + result.stderr;
      expect({ format, raw: RAW_CONTROL.exec(output)?.[0] }).toEqual({ format, raw: undefined });
    }
    const text = await npmRun('runs', ['compare', comparison.comparisonId], piped).done;
    expect(text.stdout).toContain('␛]52;c;');
    const json = await npmRun('runs', ['compare', comparison.comparisonId, '--json'], piped).done;
    expect((JSON.parse(json.stdout) as { task: string }).task).toBe(bundle.run.task);
    await waitForRun(db, comparison.runIds[1]!);
  }, 120_000);
});
