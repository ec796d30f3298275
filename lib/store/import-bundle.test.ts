// Integration: real simulator runs (tools, reasoning) → export → import into a fresh second
// database → export again; re-imports, invalid bundles, planted secrets, archived statuses.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForRun } from '@/test/wait-for-run';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { startRun } from '@/lib/runs/start-run';
import { cancelRun, resumeRun } from '@/lib/runs/run-control';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { runChatJsonlLine } from '@/lib/runs/export-chat-jsonl';
import { createDatabase, createMigratedDatabase, dropDatabase, freshDatabaseName } from '@/scripts/lib/test-database.mjs';
import { exportRunBundle, type RunBundle } from './export-bundle';
import { MAX_BUNDLE_BYTES, importRunBundle, readBundleFile } from './import-bundle';
import { PrismaClient } from './generated/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Database } from './database';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const PLANTED = 'sk-proj-PLANTEDinBUNDLEfake0123456789abcdefXYZ';

let worker: WorkerHandle;
let db: Database;
// The instance that records the runs, of its own: "nothing written" counts its whole tables, and no
// other file's worker takes its runs.
let source: { url: string; drop: () => Promise<void> };
let fresh: { url: string; drop: () => Promise<void> };
let db2: Database;
let scratch: string;
const runIds: Record<string, string> = {};
const bundles: Record<string, RunBundle> = {};

/** Row counts of every table a run has: "nothing written" is checked against these. */
async function rowCounts(database: Database) {
  const [runs, turns, messages, providerCalls, toolCalls, reasoning, errorArtifacts, events] = await Promise.all([
    database.run.count(),
    database.turn.count(),
    database.message.count(),
    database.providerCall.count(),
    database.toolCall.count(),
    database.reasoningTrace.count(),
    database.errorArtifact.count(),
    database.runEvent.count(),
  ]);
  return { runs, turns, messages, providerCalls, toolCalls, reasoning, errorArtifacts, events };
}

/**
 * What may differ between a bundle and the bundle of its import: `exportedAt` (when each was
 * written), `run.id` (new ids on import), `run.importedFromId` (null → the source run's id) and
 * `run.importedAt` (null → when it was imported). Nothing else; rows carry no ids.
 */
function withoutIdentity(bundle: RunBundle) {
  const { exportedAt: _exportedAt, run, ...rest } = bundle;
  const { id: _id, importedFromId: _from, importedAt: _at, ...runRest } = run;
  return { ...rest, run: runRest };
}

/** A client whose pool closes with `$disconnect()` (the database is dropped afterwards). */
function clientFor(url: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

beforeAll(async () => {
  source = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_export');
  worker = await startWorker({ databaseUrl: source.url, concurrency: 2 });
  db = worker.db;
  fresh = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_import');
  db2 = clientFor(fresh.url);
  scratch = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
  const task = 'Use write_file {"path": "hello.txt", "content": "hi from the agent"} to save a greeting.';
  for (const profileName of ['simulator-anthropic', 'simulator-responses']) {
    const started = await startRun({ profileName, task }, { db, boss: worker.boss, profiles });
    if (!started.ok) throw new Error(JSON.stringify(started));
    runIds[profileName] = started.runId;
  }
  for (const [profileName, runId] of Object.entries(runIds)) {
    expect((await waitForRun(db, runId)).status).toBe('succeeded');
    bundles[profileName] = (await exportRunBundle(db, runId))!;
  }
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await source?.drop();
  await db2?.$disconnect();
  await fresh?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('export → import into a fresh database → export', () => {
  it.each(['simulator-anthropic', 'simulator-responses'])(
    '%s: yields the same bundle, ids aside; opaque reasoning keeps its sizes',
    async (profileName) => {
      const bundle = bundles[profileName]!;
      // The run exercised what the round trip must carry: tools, reasoning with opaque content, events.
      expect(bundle.toolCalls.length).toBeGreaterThan(0);
      expect(bundle.reasoning.some((trace) => trace.encryptedBytes + trace.signatureBytes > 0)).toBe(true);
      expect(JSON.stringify(bundle.transcript)).toMatch(/"(encryptedBytes|signatureBytes)":[1-9]/);

      const outcome = await importRunBundle(db2, JSON.parse(JSON.stringify(bundle)));
      if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
      expect(outcome.runId).not.toBe(bundle.run.id);
      expect(outcome.sourceId).toBe(bundle.run.id);
      expect(outcome.counts).toEqual({
        turns: bundle.turns.length,
        messages: bundle.transcript.length,
        providerCalls: bundle.providerCalls.length,
        toolCalls: bundle.toolCalls.length,
        reasoning: bundle.reasoning.length,
        errorArtifacts: bundle.errorArtifacts.length,
        events: bundle.events.length,
      });

      const again = (await exportRunBundle(db2, outcome.runId))!;
      expect(withoutIdentity(again)).toEqual(withoutIdentity(bundle));
      expect(again.run.id).toBe(outcome.runId);
      expect(bundle.run.importedFromId).toBeNull();
      expect(again.run.importedFromId).toBe(bundle.run.id);
      expect(again.run.importedAt).toEqual(expect.any(String));

      // Sizes only: the importer never invents opaque content.
      const traces = await db2.reasoningTrace.findMany({ where: { runId: outcome.runId } });
      expect(traces.every((trace) => trace.encrypted === null && trace.signature === null)).toBe(true);
      expect(traces.some((trace) => (trace.encryptedBytes ?? 0) + (trace.signatureBytes ?? 0) > 0)).toBe(true);

      // The chat JSONL of the import is the original's.
      expect(await runChatJsonlLine(db2, outcome.runId)).toBe(await runChatJsonlLine(db, bundle.run.id));
    },
    30_000,
  );

  it('a bundle written before streamStarted and providerCostUsd existed imports: a 2xx streaming attempt began its stream', async () => {
    const bundle = clone(bundles['simulator-anthropic']!);
    bundle.run.id = randomUUID();
    const old = bundle.providerCalls.map(({ streamStarted: _started, providerCostUsd: _reported, ...call }) => ({ ...call }));
    const outcome = await importRunBundle(db2, { ...bundle, providerCalls: old });
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    const calls = await db2.providerCall.findMany({ where: { runId: outcome.runId } });
    expect(calls.map((call) => [call.streamActual, call.httpStatus, call.streamStarted, call.providerCostUsd])).toEqual(
      bundle.providerCalls.map((call) => [call.streamActual, call.httpStatus, call.streamActual && call.httpStatus === 200, null]),
    );
    expect(calls.some((call) => call.streamStarted)).toBe(true);
  });

  it('a second import of the same bundle writes nothing and names the run', async () => {
    const bundle = bundles['simulator-anthropic']!;
    const imported = await db2.run.findUniqueOrThrow({ where: { importedFromId: bundle.run.id } });
    const before = await rowCounts(db2);
    const outcome = await importRunBundle(db2, clone(bundle));
    expect(outcome).toEqual({ status: 'already-imported', runId: imported.id, sourceId: bundle.run.id, original: false });
    expect(await rowCounts(db2)).toEqual(before);
  });

  it('two imports of the same bundle at once: one writes, the other names its run', async () => {
    const bundle = clone(bundles['simulator-responses']!);
    bundle.run.id = randomUUID();
    const before = await rowCounts(db2);
    const outcomes = await Promise.all([importRunBundle(db2, clone(bundle)), importRunBundle(db2, clone(bundle))]);
    const imported = outcomes.find((outcome) => outcome.status === 'imported');
    if (!imported || imported.status !== 'imported') throw new Error(JSON.stringify(outcomes));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['already-imported', 'imported']);
    expect(outcomes.find((outcome) => outcome.status === 'already-imported')).toMatchObject({
      runId: imported.runId,
      sourceId: bundle.run.id,
    });
    const after = await rowCounts(db2);
    expect(after.runs).toBe(before.runs + 1);
    expect(after.events).toBe(before.events + bundle.events.length);
  });

  it('a bundle of an imported run keeps the original source id: already here in both instances, and the original id in a third', async () => {
    const original = bundles['simulator-anthropic']!;
    const imported = await db2.run.findUniqueOrThrow({ where: { importedFromId: original.run.id } });
    const second = (await exportRunBundle(db2, imported.id))!;
    expect(second.run.importedFromId).toBe(original.run.id);

    // Into the instance that recorded it: the original run is found, nothing is written.
    const before = await rowCounts(db);
    expect(await importRunBundle(db, clone(second))).toEqual({
      status: 'already-imported',
      runId: original.run.id,
      sourceId: original.run.id,
      original: true,
    });
    expect(await rowCounts(db)).toEqual(before);

    // Into an instance that never saw it: provenance is the original run, not the intermediate copy.
    const third = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_import3');
    const db3 = clientFor(third.url);
    try {
      const outcome = await importRunBundle(db3, clone(second));
      if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
      expect(outcome.sourceId).toBe(original.run.id);
      const thirdBundle = (await exportRunBundle(db3, outcome.runId))!;
      expect(thirdBundle.run.importedFromId).toBe(original.run.id);
      expect(withoutIdentity(thirdBundle)).toEqual(withoutIdentity(original));
    } finally {
      await db3.$disconnect();
      await third.drop();
    }
  }, 30_000);
});

describe('invalid bundles', () => {
  const cases: [string, (bundle: Record<string, unknown> & RunBundle) => unknown, RegExp][] = [
    ['not an object', () => [1, 2, 3], /not a JSON object/],
    [
      'another format',
      (bundle) => ({ ...bundle, format: 'langfuse.trace' }),
      /Not a run bundle: format is "langfuse\.trace", expected "switchboard\.run-bundle"/,
    ],
    ['no format at all', ({ format: _format, ...bundle }) => bundle, /format is null/],
    ['a newer version', (bundle) => ({ ...bundle, version: 2 }), /Unsupported bundle version 2: this instance reads version 1/],
    [
      'a run without task and a turn without status',
      (bundle) => {
        const { task: _task, ...run } = bundle.run;
        return { ...bundle, run, turns: bundle.turns.map(({ status: _status, ...turn }) => turn) };
      },
      /not valid/,
    ],
    [
      'a call in a turn the bundle lacks',
      (bundle) => ({
        ...bundle,
        run: { ...bundle.run, id: randomUUID() },
        providerCalls: bundle.providerCalls.map((call) => ({ ...call, turnIndex: 99 })),
      }),
      /not valid/,
    ],
    ['an unknown status', (bundle) => ({ ...bundle, run: { ...bundle.run, id: randomUUID(), status: 'paused' } }), /not valid/],
  ];

  it.each(cases)('%s: refused with a clear message, nothing written', async (_name, mutate, message) => {
    const before = await rowCounts(db2);
    const outcome = await importRunBundle(db2, mutate(clone(bundles['simulator-responses']!) as Record<string, unknown> & RunBundle));
    expect(outcome.status).toBe('invalid');
    if (outcome.status !== 'invalid') return;
    expect(outcome.message).toMatch(message);
    expect(await rowCounts(db2)).toEqual(before);
  });

  it('names the fields that are wrong', async () => {
    const bundle = clone(bundles['simulator-responses']!);
    delete (bundle.run as Partial<RunBundle['run']>).task;
    const outcome = await importRunBundle(db2, bundle);
    expect(outcome).toMatchObject({ status: 'invalid', issues: [expect.stringMatching(/^run\.task: /)] });
  });

  it('refuses a huge file before reading it, and a file that is not JSON', async () => {
    const huge = join(scratch, 'huge.json');
    writeFileSync(huge, '{');
    truncateSync(huge, MAX_BUNDLE_BYTES + 1); // sparse: no disk used
    const refused = await readBundleFile(huge);
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/huge\.json is 64\.0 MiB; a bundle may be at most 64\.0 MiB\. Nothing was imported\./),
    });

    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{"format": "switchboard.run-bundle", ');
    expect(await readBundleFile(broken)).toEqual({ ok: false, message: expect.stringMatching(/broken\.json is not valid JSON/) });
    expect(await readBundleFile(join(scratch, 'missing.json'))).toEqual({ ok: false, message: expect.stringMatching(/No such file/) });

    const good = join(scratch, 'good.json');
    writeFileSync(good, JSON.stringify(bundles['simulator-responses']));
    expect(await readBundleFile(good)).toMatchObject({ ok: true, document: { format: 'switchboard.run-bundle' } });
  });
});

describe('imported runs', () => {
  it('a secret planted in the bundle (task, messages, tool output) stays redacted in the database and the exports', async () => {
    const bundle = clone(bundles['simulator-anthropic']!);
    bundle.run.id = randomUUID();
    bundle.run.task = `Please use my key ${PLANTED} for this.`;
    const user = bundle.transcript.find((entry) => (entry.message as { role: string }).role === 'user')!;
    (user.message as { content: { type: string; text: string }[] }).content[0]!.text = `key=${PLANTED}`;
    bundle.toolCalls[0]!.result = { ok: true, content: `OPENAI_API_KEY=${PLANTED}` };
    expect(JSON.stringify(bundle)).toContain(PLANTED);

    const outcome = await importRunBundle(db2, bundle);
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    const run = await db2.run.findUniqueOrThrow({ where: { id: outcome.runId }, include: { messages: true, toolCalls: true } });
    const exported = JSON.stringify(await exportRunBundle(db2, outcome.runId)) + (await runChatJsonlLine(db2, outcome.runId));
    for (const text of [JSON.stringify(run), exported]) {
      expect(text).not.toContain(PLANTED);
      expect(text).not.toContain('PLANTEDinBUNDLE');
      expect(text).toContain('[REDACTED]');
    }
  });

  it('NUL and unpaired surrogates in a hostile bundle (task, messages, events, tool output, a key) are imported visibly, not refused by Postgres', async () => {
    const bundle = clone(bundles['simulator-anthropic']!);
    bundle.run.id = randomUUID();
    bundle.run.task = 'A task with a NUL \u0000 and a lone \ud800 surrogate.';
    const user = bundle.transcript.find((entry) => (entry.message as { role: string }).role === 'user')!;
    (user.message as { content: { type: string; text: string }[] }).content[0]!.text = 'user\u0000text';
    bundle.toolCalls[0]!.result = { ok: true, 'key\u0000': 'value\u0000', content: '\udfff' };
    bundle.events[0]!.payload = { ...(bundle.events[0]!.payload as object), hostile: 'event\u0000payload' };

    const outcome = await importRunBundle(db2, bundle);
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    const run = await db2.run.findUniqueOrThrow({
      where: { id: outcome.runId },
      include: { messages: true, toolCalls: true, events: true },
    });
    expect(run.task).toBe('A task with a NUL \u2400 and a lone \uFFFD surrogate.');
    const stored = JSON.stringify(run, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
    expect(stored).toContain('user\u2400text');
    expect(stored).toContain('"key\u2400":"value\u2400"');
    expect(stored).toContain('event\u2400payload');
  });

  it('a run exported while running becomes an interrupted archive that cannot be resumed or cancelled', async () => {
    const bundle = clone(bundles['simulator-responses']!);
    bundle.run.id = randomUUID();
    bundle.run.status = 'running';
    bundle.run.finishedAt = null;
    bundle.turns.at(-1)!.status = 'running';
    bundle.turns.at(-1)!.finishReason = null;
    const outcome = await importRunBundle(db2, bundle);
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    expect(outcome.runStatus).toBe('interrupted');
    const run = await db2.run.findUniqueOrThrow({ where: { id: outcome.runId }, include: { turns: { orderBy: { index: 'asc' } } } });
    expect(run).toMatchObject({ status: 'interrupted', errorKind: 'interrupted', importedFromId: bundle.run.id });
    expect(run.errorMessage).toMatch(/Exported while the run was still running/);
    expect(run.turns.at(-1)).toMatchObject({ status: 'failed', finishReason: 'interrupted' });

    const resumed = await resumeRun(run.id, { db: db2, boss: worker.boss });
    expect(resumed).toEqual({
      ok: false,
      status: 'interrupted',
      message: 'This run was imported from a bundle: it is a read-only archive and cannot be resumed.',
    });
    const cancelled = await cancelRun(run.id, { db: db2 });
    expect(cancelled).toEqual({
      ok: false,
      status: 'interrupted',
      message: 'This run was imported from a bundle: it is a read-only archive and cannot be cancelled.',
    });
    expect(await db2.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: 'interrupted',
      resumeCount: run.resumeCount,
      cancelRequestedAt: null,
    });
  });

  it('keeps a terminal status as it was, and native runs still resume', async () => {
    const bundle = clone(bundles['simulator-anthropic']!);
    bundle.run.id = randomUUID();
    bundle.run.status = 'failed';
    bundle.run.errorKind = 'rate_limit';
    bundle.run.errorMessage = 'rate limited';
    const outcome = await importRunBundle(db2, bundle);
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    expect(await db2.run.findUniqueOrThrow({ where: { id: outcome.runId } })).toMatchObject({
      status: 'failed',
      errorKind: 'rate_limit',
      errorMessage: 'rate limited',
    });
    expect((await resumeRun(outcome.runId, { db: db2, boss: worker.boss })).ok).toBe(false);

    // The refusal is for imports only: the same kind of native run resumes.
    const native = await db.run.create({
      data: {
        task: 'x',
        profileName: 'simulator-chat',
        provider: 'import-test',
        runtime: 'openai-chat',
        model: 'sim-gpt',
        profile: {},
        status: 'cancelled',
      },
    });
    expect(await cancelRun(native.id, { db })).toEqual({ ok: false, status: 'cancelled' });
    const resumed = await resumeRun(native.id, { db, boss: worker.boss });
    expect(resumed.ok).toBe(true);
    await waitForRun(db, native.id);
  });
});

describe('npm run import', () => {
  const run = promisify(execFile);
  async function importCli(databaseUrl: string, files: string[]) {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', '--conditions=react-server', 'scripts/import.ts', ...files],
        {
          env: { ...process.env, DATABASE_URL: databaseUrl },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('imports bundles, reports re-imports and refusals with a progress line each and a summary', async () => {
    const target = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_import_cli');
    const client = clientFor(target.url);
    try {
      const good = join(scratch, 'cli-good.json');
      writeFileSync(good, JSON.stringify(bundles['simulator-anthropic']));
      const wrong = join(scratch, 'cli-wrong.json');
      writeFileSync(wrong, JSON.stringify({ ...bundles['simulator-responses'], version: 3 }));

      const first = await importCli(target.url, [good, wrong]);
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(/\[import\] 1\/2 cli-good\.json \([\d.]+ KiB\) …/);
      expect(first.stderr).toMatch(
        /imported as [0-9a-f-]{36} \(from [0-9a-f-]{36}, succeeded\): 2 turns, \d+ messages, \d+ provider calls?, 1 tool call, \d+ reasoning traces?, 0 error artifacts, \d+ events/,
      );
      expect(first.stderr).toMatch(/\[import\] 2\/2 cli-wrong\.json/);
      expect(first.stderr).toMatch(
        /refused: Unsupported bundle version 3: this instance reads version 1\.\n\[import\] {3}Nothing was written\./,
      );
      expect(first.stdout).toBe('Imported 1 run, 0 already here, 1 refused (of 2 files).\n');
      const imported = await client.run.findUniqueOrThrow({ where: { importedFromId: bundles['simulator-anthropic']!.run.id } });

      const second = await importCli(target.url, [good]);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain(`already imported as ${imported.id}; nothing written`);
      expect(second.stdout).toBe('Imported 0 runs, 1 already here, 0 refused (of 1 file).\n');
      expect(await client.run.count()).toBe(1);

      const usage = await importCli(target.url, []);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/Name at least one bundle file\.\nUsage: npm run import/);
    } finally {
      await client.$disconnect();
      await target.drop();
    }
  }, 60_000);

  it('into a fresh, unmigrated database (createdb): applies the migrations first, says so, then imports', async () => {
    const server = inject('databaseServerUrl');
    const name = freshDatabaseName('switchboard_import_unmigrated');
    const url = await createDatabase(server, name);
    const client = clientFor(url);
    try {
      const good = join(scratch, 'cli-fresh.json');
      writeFileSync(good, JSON.stringify(bundles['simulator-responses']));
      const result = await importCli(url, [good]);
      expect(result.stderr).toMatch(/\[import\] Applied \d+ migration\(s\)\n/);
      expect(result.stderr).toMatch(/imported as [0-9a-f-]{36} \(from [0-9a-f-]{36}, succeeded\)/);
      expect(result.stdout).toBe('Imported 1 run, 0 already here, 0 refused (of 1 file).\n');
      expect(result.code).toBe(0);
      expect(await client.run.count()).toBe(1);
      // Migrated now: a second import applies nothing and names the run.
      const again = await importCli(url, [good]);
      expect(again.stderr).not.toMatch(/Applied/);
      expect(again.stderr).toContain('already imported as');
    } finally {
      await client.$disconnect();
      await dropDatabase(server, name);
    }
  }, 60_000);

  it('a database that is not there: one line that says so, exit 1, no stack', async () => {
    const good = join(scratch, 'cli-nowhere.json');
    writeFileSync(good, JSON.stringify(bundles['simulator-anthropic']));
    const missing = new URL(inject('databaseServerUrl'));
    missing.pathname = `/${freshDatabaseName('switchboard_import_missing')}`;
    const result = await importCli(missing.toString(), [good]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\[import\] The database could not be opened or migrated: .*does not exist/);
    expect(result.stderr).not.toMatch(/\n\s+at |invocation|\.ts:\d+/);
    expect(result.stdout).toBe('');
  }, 60_000);
});
