// Integration (issue 15): a natural-language task on each Simulator runtime, with the New run form's
// default tools and the sample-project workspace, executed by a worker (pg-boss, the conductor)
// against the Simulator over HTTP and recorded in a Postgres database of this file's own (its
// queue too: no other test file's worker takes these runs). The Simulator plans its tool calls
// from the task and answers from what the tools returned.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMigratedDatabase } from '../../scripts/lib/test-database.mjs';
import { workspacesRoot } from '@/lib/agent/conductor';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import type { Database } from '@/lib/store/database';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { waitForRun } from '@/test/wait-for-run';
import { finalAnswerOf } from './final-answer';
import { DEFAULT_TOOLS } from './run-input';
import { startRun } from './start-run';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const SIMULATOR_PROFILES = ['simulator-chat', 'simulator-responses', 'simulator-anthropic', 'simulator-openrouter'];

let database: { url: string; drop: () => Promise<void> };
let simulator: SimulatorHandle;
let worker: WorkerHandle;
let db: Database;

beforeAll(async () => {
  database = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_sim_agent');
  simulator = await startSimulator({ port: 0 });
  worker = await startWorker({ databaseUrl: database.url, concurrency: 4, simulatorUrl: simulator.url });
  db = worker.db;
}, 60_000);

afterAll(async () => {
  // Ends the worker's Prisma client and its connection pool before the database is dropped.
  await worker?.stop();
  await simulator?.close();
  await database?.drop();
});

type Finished = { runId: string; toolCalls: Array<{ name: string; arguments: unknown; isError: boolean }>; answer: string };

/** Runs a task on every Simulator profile at once, as the New run form starts it; each must succeed. */
async function runEverywhere(task: string): Promise<Array<[string, Finished]>> {
  const started = await Promise.all(
    SIMULATOR_PROFILES.map(async (profileName) => {
      const result = await startRun(
        { profileName, task, options: { tools: [...DEFAULT_TOOLS], workspaceTemplate: 'sample-project' } },
        { db, boss: worker.boss, profiles },
      );
      if (!result.ok) throw new Error(JSON.stringify(result));
      return [profileName, result.runId] as const;
    }),
  );
  const finished: Array<[string, Finished]> = [];
  for (const [profileName, runId] of started) {
    expect((await waitForRun(db, runId, 60_000)).status, profileName).toBe('succeeded');
    const toolCalls = await db.toolCall.findMany({
      where: { runId },
      orderBy: [{ turn: { index: 'asc' } }, { startedAt: 'asc' }],
      select: { name: true, arguments: true, isError: true },
    });
    finished.push([profileName, { runId, toolCalls, answer: (await finalAnswerOf(db, runId)) ?? '' }]);
  }
  return finished;
}

describe('a natural-language task on the four Simulator runtimes, with the default tools and the sample project', () => {
  it('"List the files in the workspace and summarise the README": lists, reads the README, answers with both', async () => {
    const readme = readFileSync(join('workspace-templates', 'sample-project', 'README.md'), 'utf8');
    expect(readme).toContain('A tiny workspace for trying agents');
    for (const [profileName, run] of await runEverywhere('List the files in the workspace and summarise the README')) {
      expect(
        run.toolCalls.map((call) => [call.name, call.arguments, call.isError]),
        profileName,
      ).toEqual([
        ['list_files', { path: '.', recursive: true }, false],
        ['read_file', { path: 'README.md' }, false],
      ]);
      // Only the listing had the file in src/; only the README had its first line.
      expect(run.answer, profileName).toContain('src/duration.ts');
      expect(run.answer, profileName).toContain('A tiny workspace for trying agents');
    }
  }, 120_000);

  it('"What is in notes.txt?": tries to read it, and the answer says what the tool said (it does not exist)', async () => {
    for (const [profileName, run] of await runEverywhere('What is in notes.txt?')) {
      expect(
        run.toolCalls.map((call) => [call.name, call.isError]),
        profileName,
      ).toEqual([
        ['list_files', false],
        ['read_file', true],
      ]);
      expect(run.answer, profileName).toContain('I could not read notes.txt: notes.txt does not exist.');
      expect(run.answer, profileName).toContain('README.md, src/ and src/duration.ts');
    }
  }, 120_000);

  it('"Create a file todo.md with three items": writes it in the run\'s workspace, and the answer gives what write_file reported', async () => {
    for (const [profileName, run] of await runEverywhere('Create a file todo.md with three items')) {
      expect(
        run.toolCalls.map((call) => call.name),
        profileName,
      ).toEqual(['list_files', 'write_file']);
      const file = join(workspacesRoot(), run.runId, 'todo.md');
      expect(readFileSync(file, 'utf8').match(/^- \[ \] /gm), profileName).toHaveLength(3);
      expect(run.answer, profileName).toContain(`I wrote todo.md (${statSync(file).size} bytes, a new file) with 3 items`);
    }
  }, 120_000);
});
