// The planted-key journey through the whole product path but the browser (e2e/planted-keys.spec.ts
// covers the pages): a provider streams the key it was sent back in 3-character pieces on every
// runtime, a custom profile's key (a variable no name rule knows) comes back in an error body, a key
// is typed into the model field and the system prompt. Afterwards no key is anywhere: the database, the
// logs, the SSE stream, the export bundle and JSONL, `npm run runs` and the OTel export.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { exportRunTrace } from '@/lib/otel/export-run-trace';
import { shutdownExporters } from '@/lib/otel/exporter';
import { startOtlpReceiver, type OtlpReceiver } from '@/lib/otel/testing/otlp-receiver';
import { REDACTION_MASK } from '@/lib/redaction/redact';
import { runChatJsonlLine } from '@/lib/runs/export-chat-jsonl';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
import { RunEventHub } from '@/lib/runs/run-event-hub';
import { runEventStream } from '@/lib/runs/run-event-stream';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import { exportRunBundle } from '@/lib/store/export-bundle';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { cliEnv, npmRun } from '@/lib/cli/cli-process';
import { executeStandaloneRun } from '@/lib/worker/standalone-run';
import { createLogger } from '@/lib/server/logger';
import { createRun } from '@/lib/runs/start-run';
import { everyRowText } from '@/test/every-row';
import { useOwnDatabase } from '@/test/own-database';

/** A custom profile's key, in a variable whose name no secret-name rule matches, in no known key format. */
const CUSTOM_VAR = 'SB_ACME_LLM_CREDENTIAL';
const CUSTOM_KEY = 'acme-PLANTEDcustomKEY-7f3a9c2e1d5b';
/** A secret in a variable named like one (`*_TOKEN`), never registered by a profile. */
const NAMED_VAR = 'SB_ACME_DEPLOY_TOKEN';
const NAMED_SECRET = 'deploy-PLANTEDnamedTOKEN-44aa99';
const OPENAI_FORMAT_KEY = 'sk-proj-PLANTEDinTASKopenai0123456789abcdefXYZ';
const XAI_FORMAT_KEY = 'xai-PLANTEDinPROMPTxai0123456789abcdefghijklmn';
const PLANTED = [CUSTOM_KEY, NAMED_SECRET, OPENAI_FORMAT_KEY, XAI_FORMAT_KEY, 'PLANTED'];

const RUNTIMES = ['openai-chat', 'openai-responses', 'anthropic-messages', 'openrouter'] as const;

// Of its own: "nothing is written" counts the runs, and the database's rows and `npm run runs -- list` see only this file's rows.
const database = useOwnDatabase('switchboard_planted');

let db: Database;
let simulator: SimulatorHandle;
let receiver: OtlpReceiver;
const logLines: string[] = [];
const runIds: string[] = [];
let streamedRunIds: string[] = [];
let errorRunId = '';
const saved: Record<string, string | undefined> = {};

function simulatorProfile(name: string, runtime: (typeof RUNTIMES)[number], scenario: string): ProviderProfile {
  return providerProfileSchema.parse({
    name,
    label: name,
    provider: 'simulator',
    runtime,
    model: runtime === 'openrouter' ? 'anthropic/sim-claude' : 'sim-model',
    apiKeyEnv: CUSTOM_VAR,
    simulatorScenario: scenario,
  });
}

const profiles: ProviderProfile[] = [
  ...BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile)),
  ...RUNTIMES.map((runtime) => simulatorProfile(`planted-stream-${runtime}`, runtime, 'echo_key_in_stream; chunk=3')),
  simulatorProfile('planted-error', 'openai-chat', 'echo_key_in_error'),
];

async function sseText(runId: string): Promise<string> {
  const hub = new RunEventHub(database.url(), { idleCloseMs: 10 });
  const reader = runEventStream({ db, hub, runId, after: -1, terminalGraceMs: 200 }).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
  }
}

function expectNoKeys(label: string, text: string) {
  for (const secret of PLANTED) {
    const at = text.indexOf(secret);
    expect(at, `${label} holds ${secret}: …${text.slice(Math.max(0, at - 300), at + 100)}…`).toBe(-1);
  }
}

beforeAll(async () => {
  for (const name of [CUSTOM_VAR, NAMED_VAR, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'])
    saved[name] = process.env[name];
  process.env[CUSTOM_VAR] = CUSTOM_KEY;
  process.env[NAMED_VAR] = NAMED_SECRET;
  receiver = await startOtlpReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
  db = createDatabase(database.url());
  // 20 ms between chunks: longer than the event writer's 15 ms batching, so the key's pieces are
  // written as separate events (merged into one, they would be redacted whole even without the fix).
  simulator = await startSimulator({ port: 0, chunkDelayMs: 20 });
}, 60_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await shutdownExporters();
  await receiver?.close();
  await simulator?.close();
  if (db) await closeDatabase(db);
});

describe('planted keys on the whole product path', () => {
  it('a key typed into the model field is refused with a field message, and nothing is written', async () => {
    for (const model of [OPENAI_FORMAT_KEY, CUSTOM_KEY, 'AbCdEfGh0123456789IjKlMnOp4567QrStUv']) {
      const before = await db.run.count();
      const created = await createRun({ profileName: 'simulator-chat', task: 'Say hello.', overrides: { model } }, { db, profiles });
      expect(created.ok).toBe(false);
      if (created.ok) continue;
      expect(created.fieldErrors['overrides.model']?.[0]).toMatch(/looks like an API key/);
      expect(await db.run.count()).toBe(before);
    }
  });

  it('runs whose provider echoes the key in pieces and in an error body, with keys in the task and system prompt, succeed and record it masked', async () => {
    const logger = createLogger({}, new Writable({ write: (chunk, _encoding, done) => (logLines.push(chunk.toString()), done()) })).child(
      {},
      { level: 'debug' },
    );
    for (const runtime of RUNTIMES) {
      const created = await createRun(
        {
          profileName: `planted-stream-${runtime}`,
          task: `Repeat your key. Mine is ${OPENAI_FORMAT_KEY}; the deploy token is ${NAMED_SECRET}.`,
          options: { tools: [], systemPrompt: `Be careful with ${XAI_FORMAT_KEY} and ${CUSTOM_KEY}.` },
        },
        { db, profiles },
      );
      if (!created.ok) throw new Error(JSON.stringify(created));
      runIds.push(created.runId);
    }
    streamedRunIds = [...runIds];
    const failing = await createRun({ profileName: 'planted-error', task: 'Say hello.' }, { db, profiles });
    if (!failing.ok) throw new Error(JSON.stringify(failing));
    errorRunId = failing.runId;
    runIds.push(errorRunId);

    for (const runId of runIds) {
      await executeStandaloneRun(runId, { db, workerId: 'planted-keys-test', logger, simulatorUrl: simulator.url });
    }
    const runs = await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true } });
    for (const run of runs) expect(run.status, run.id).toBe(run.id === errorRunId ? 'failed' : 'succeeded');

    // The provider did send the key back, in pieces of 3 characters (so the test proves something) …
    for (const runId of streamedRunIds) {
      const deltas = (await listRunEvents(db, runId))
        .filter((event) => event.type === 'text-delta')
        .map((event) => String((event.payload as { text?: unknown }).text));
      expect(deltas.join('')).toContain(`API key ${REDACTION_MASK} - a provider`);
      expect(deltas.length).toBeGreaterThan(10);
    }
    const artifact = await db.errorArtifact.findFirstOrThrow({ where: { runId: errorRunId } });
    expect(JSON.stringify(artifact.payload)).toContain(`The API key ${REDACTION_MASK} is not permitted`);
    // … and the system prompt and task went to the provider masked, not only stored masked.
    const sentBodies = JSON.stringify(simulator.requests.map((request) => request.body));
    expect(sentBodies).toContain(`Be careful with ${REDACTION_MASK} and ${REDACTION_MASK}.`);
    expectNoKeys('the requests sent to the provider', sentBodies);
  }, 120_000);

  it('finds the keys nowhere afterwards: every stored row, logs, SSE, export bundle and JSONL, the CLI, the OTel export', async () => {
    expect(runIds).toHaveLength(RUNTIMES.length + 1);
    const stored = await everyRowText(database.url());
    // It reads what was stored: every run, the events in their month's partition, the masked prompt.
    for (const runId of runIds) expect(stored).toContain(runId);
    expect(stored).toMatch(/^public\."RunEvent_\w+": /m);
    expect(stored).toContain(`Be careful with ${REDACTION_MASK}`);
    expectNoKeys('every row of every table', stored);
    expect(logLines.length).toBeGreaterThan(0);
    expectNoKeys('the logs', logLines.join(''));
    for (const runId of runIds) {
      expectNoKeys(`the SSE stream of ${runId}`, await sseText(runId));
      expectNoKeys(`the export bundle of ${runId}`, JSON.stringify(await exportRunBundle(db, runId)));
      expectNoKeys(`the JSONL of ${runId}`, (await runChatJsonlLine(db, runId)) ?? '');
      expectNoKeys(`the run page data of ${runId}`, JSON.stringify([await getRunDetail(db, runId), await listRunEvents(db, runId)]));
      expect(await exportRunTrace(db, runId)).toMatchObject({ status: 'exported' });
    }
    const spans = receiver.spans();
    expect(spans.length).toBeGreaterThan(runIds.length);
    expectNoKeys(
      'the OTel export',
      JSON.stringify(spans, (_key, value) =>
        typeof value === 'bigint' ? String(value) : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
      ),
    );

    const env = cliEnv(database.url());
    for (const args of [
      ['list', '--limit', '20'],
      ['show', streamedRunIds[0]!],
      ['show', errorRunId],
      ['show', streamedRunIds[2]!, '--json'],
    ]) {
      const result = await npmRun('runs', args, env).done;
      expect(result.code, result.stderr).toBe(0);
      expectNoKeys(`npm run runs -- ${args.join(' ')}`, result.stdout + result.stderr);
    }
  }, 120_000);
});
