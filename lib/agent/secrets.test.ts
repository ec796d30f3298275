// A fake key planted in the environment, in a provider error body, in tool output and in the task
// text appears nowhere in the database, the logs or the export bundle.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { exportRunBundle } from '@/lib/store/export-bundle';
import { workspacesRoot } from './conductor';
import { createLogger } from '@/lib/server/logger';
import { startQueue } from '@/lib/runs/run-queue';
import { startRun } from '@/lib/runs/start-run';
import { startWorker } from '@/lib/worker/worker';
import { everyRowText } from '@/test/every-row';
import { useOwnDatabase } from '@/test/own-database';
import { waitUntil } from '@/test/wait-until';

const PLANTED_ENV = 'sk-proj-PLANTEDinENVfake0123456789abcdefXYZ';
const PLANTED_TOOL = 'sk-ant-api03-PLANTEDinTOOLfake0123456789abcdef';
const PLANTED_TASK = 'sk-or-v1-PLANTEDinTASKfake0123456789abcdef0123';
// The distinctive middles too: a partly masked key must not leak either.
const PLANTED = [PLANTED_ENV, PLANTED_TOOL, PLANTED_TASK, 'PLANTEDinENV', 'PLANTEDinTOOL', 'PLANTEDinTASK'];

// Of its own: its worker (with the planted variable and the logger below) must be the one that runs
// these runs, and the dump reads this file's rows only.
const database = useOwnDatabase('switchboard_secrets');
let db: Database;
beforeAll(() => {
  db = createDatabase(database.url());
});
afterAll(() => closeDatabase(db));

describe('secrets', () => {
  it('never reach the database, the logs or the export', async () => {
    process.env.SB_TEST_PLANTED_KEY = PLANTED_ENV;
    const profiles = [
      ...BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile)),
      providerProfileSchema.parse({
        name: 'planted-echo',
        label: 'Simulator echoing the key',
        provider: 'simulator',
        runtime: 'openai-chat',
        model: 'sim-gpt',
        apiKeyEnv: 'SB_TEST_PLANTED_KEY',
        simulatorScenario: 'echo_key_in_error',
      }),
    ];
    const boss = await startQueue(database.url(), () => undefined);
    const echo = await startRun({ profileName: 'planted-echo', task: 'Say hello.' }, { db, boss, profiles });
    const tool = await startRun(
      { profileName: 'simulator-chat', task: `Use read_file {"path": "secret.txt"} and tell me what it says. My key is ${PLANTED_TASK}.` },
      { db, boss, profiles },
    );
    if (!echo.ok || !tool.ok) throw new Error('runs did not start');
    const workspace = join(workspacesRoot(), tool.runId);
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'secret.txt'), `OPENAI_API_KEY=${PLANTED_TOOL}\n`);

    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const worker = await startWorker({
      databaseUrl: database.url(),
      concurrency: 2,
      logger: createLogger({}, sink).child({}, { level: 'debug' }),
    });
    try {
      const runs = await waitUntil(
        'the runs to finish',
        async () => {
          const found = await db.run.findMany({ where: { id: { in: [echo.runId, tool.runId] } } });
          return found.every((run) => !['queued', 'running'].includes(run.status)) && found;
        },
        30_000,
      );
      expect(runs.find((run) => run.id === echo.runId)?.status).toBe('failed');
      expect(runs.find((run) => run.id === tool.runId)?.status).toBe('succeeded');
    } finally {
      await worker.stop();
      await boss.stop({ graceful: false, wait: true });
    }

    const artifact = await db.errorArtifact.findFirstOrThrow({ where: { runId: echo.runId } });
    expect(JSON.stringify(artifact.payload)).toContain('[REDACTED]');
    const toolRow = await db.toolCall.findFirstOrThrow({ where: { runId: tool.runId } });
    expect(JSON.stringify(toolRow.result)).toContain('[REDACTED]');

    const dump = await everyRowText(database.url());
    expect(dump).toContain(echo.runId);
    expect(dump).toContain('[REDACTED]');
    const bundles = JSON.stringify([await exportRunBundle(db, echo.runId), await exportRunBundle(db, tool.runId)]);
    const logs = lines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of PLANTED) {
      expect(dump, `database holds ${secret}`).not.toContain(secret);
      expect(bundles, `export holds ${secret}`).not.toContain(secret);
      expect(logs, `logs hold ${secret}`).not.toContain(secret);
    }
  }, 60_000);
});
