// Integration: real runs through the queue, a worker and the simulator, recorded in the real
// Postgres test database; their traces go over OTLP/HTTP protobuf to a local receiver that decodes them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useOwnDatabase } from '@/test/own-database';
import { waitForRun } from '@/test/wait-for-run';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { failingSimulatorProfile } from '@/lib/config/testing/failing-simulator-profile';
import type { Message } from '@/lib/providers/core/types';
import { REDACTION_MASK } from '@/lib/redaction/redact';
import { startRun } from '@/lib/runs/start-run';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import type { Database } from '@/lib/store/database';
import { exportRunTrace } from './export-run-trace';
import { shutdownExporters } from './exporter';
import { traceIdOf } from './run-spans';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from './testing/otlp-receiver';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const PLANTED_KEY = 'sk-test-planted-otel-000000000000000000';
/** Not a key format the redaction patterns know: masked only as the value of OPENAI_API_KEY. */
const CUSTOM_SECRET = 'quokka-7f3a9c-internal-token';
const OTEL_VARS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
] as const;

// Of its own: another file's worker would take these runs and export them to its own endpoint (or
// none), and its sweep would mark the abandoned run below interrupted without exporting it here.
const database = useOwnDatabase('switchboard_otel');
let receiver: OtlpReceiver;
let worker: WorkerHandle;
let db: Database;
const logLines: { msg?: string; runId?: string; endpoint?: string; err?: string }[] = [];
const saved = Object.fromEntries(OTEL_VARS.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  worker = await startWorker({ databaseUrl: database.url(), concurrency: 2, logger });
  db = worker.db;
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await shutdownExporters();
  await receiver?.close();
  for (const name of OTEL_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function start(task: string, profileName = 'simulator-chat') {
  const started = await startRun({ profileName, task }, { db, boss: worker.boss, profiles });
  if (!started.ok) throw new Error(JSON.stringify(started));
  return waitForRun(db, started.runId);
}

const nanos = (date: Date | null) => BigInt(date!.getTime()) * 1_000_000n;
const bodiesOf = (requests: OtlpReceiver['requests']) => Buffer.concat(requests.map((request) => request.body)).toString('latin1');

function textsOf(messages: Message[]): string[] {
  return messages.flatMap((message) =>
    message.role === 'system'
      ? [message.content]
      : message.content.flatMap((part) => ('text' in part && typeof part.text === 'string' ? [part.text] : [])),
  );
}

describe('OTLP trace export', () => {
  let runId: string;
  let spans: DecodedSpan[];

  it('exports a finished run from the worker: run → turns → provider calls and tool calls, with the recorded attributes and timestamps', async () => {
    const run = await start('Use write_file {"path": "otel.txt", "content": "marmalade-sunrise-notes"} to save the note.');
    expect(run.status).toBe('succeeded');
    runId = run.id;
    const traceId = traceIdOf(run.id);
    spans = await waitFor('the run trace', () => {
      const received = receiver.spans().filter((span) => span.traceId === traceId);
      return received.length >= 6 && received;
    });
    const [turns, calls, tools] = await Promise.all([
      db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } }),
      db.providerCall.findMany({ where: { runId }, orderBy: { startedAt: 'asc' } }),
      db.toolCall.findMany({ where: { runId } }),
    ]);
    expect(spans.map((span) => span.name).sort()).toEqual([
      'chat sim-gpt',
      'chat sim-gpt',
      'execute_tool write_file',
      'invoke_agent switchboard',
      'turn 1',
      'turn 2',
    ]);

    const root = spans.find((span) => span.name === 'invoke_agent switchboard')!;
    expect(root.parentSpanId).toBe('');
    expect([root.startTimeUnixNano, root.endTimeUnixNano]).toEqual([nanos(run.startedAt), nanos(run.finishedAt)]);
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'switchboard.simulator',
      'gen_ai.request.model': 'sim-gpt',
      'gen_ai.conversation.id': runId,
      'switchboard.run.id': runId,
      'switchboard.run.status': 'succeeded',
      'switchboard.profile': 'simulator-chat',
      'gen_ai.usage.input_tokens': run.inputTokens,
      'gen_ai.usage.output_tokens': run.outputTokens,
    });
    expect(root.status.code).toBe(0);

    for (const turn of turns) {
      // Named as people count turns (from 1); the index attribute is the data's (from 0).
      const span = spans.find((candidate) => candidate.name === `turn ${turn.index + 1}`)!;
      expect(span.parentSpanId).toBe(root.spanId);
      expect([span.startTimeUnixNano, span.endTimeUnixNano]).toEqual([nanos(turn.startedAt), nanos(turn.finishedAt)]);
      const children = spans.filter((candidate) => candidate.parentSpanId === span.spanId);
      const ownCalls = calls.filter((call) => call.turnId === turn.id);
      const ownTools = tools.filter((tool) => tool.turnId === turn.id);
      expect(children).toHaveLength(ownCalls.length + ownTools.length);
      for (const call of ownCalls) {
        const chat = children.find((child) => child.attributes['gen_ai.response.id'] === call.responseId)!;
        expect(chat.name).toBe('chat sim-gpt');
        expect(chat.kind).toBe(3);
        expect([chat.startTimeUnixNano, chat.endTimeUnixNano]).toEqual([nanos(call.startedAt), nanos(call.endedAt)]);
        expect(chat.attributes).toMatchObject({
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'switchboard.simulator',
          'gen_ai.request.model': 'sim-gpt',
          'gen_ai.response.model': call.modelServed,
          'gen_ai.response.finish_reasons': [call.finishReason],
          'gen_ai.usage.input_tokens': call.inputTokens,
          'gen_ai.usage.output_tokens': call.outputTokens,
          'gen_ai.usage.cache_read.input_tokens': call.cacheReadTokens,
          'gen_ai.request.stream': true,
          'switchboard.stream.actual': true,
          'switchboard.attempt': 1,
          'switchboard.attempt.wait_before_ms': 0,
          'http.response.status_code': 200,
          'switchboard.turn.index': turn.index,
        });
        expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeCloseTo(call.ttftMs! / 1000, 6);
      }
      for (const tool of ownTools) {
        const span = children.find((child) => child.name === `execute_tool ${tool.name}`)!;
        expect([span.startTimeUnixNano, span.endTimeUnixNano]).toEqual([nanos(tool.startedAt), nanos(tool.finishedAt)]);
        expect(span.attributes).toMatchObject({
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'write_file',
          'gen_ai.tool.call.id': tool.providerCallId,
        });
      }
    }
  }, 60_000);

  it('without content capture, no message text, tool argument or result is in what was sent', async () => {
    const messages = await db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } });
    const texts = textsOf(messages.map((message) => message.content as unknown as Message)).filter((text) => text.length > 12);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    const sent = bodiesOf(
      receiver.requests.filter((request) =>
        request.resourceSpans.some((resource) =>
          resource.scopes.some((scope) => scope.spans.some((span) => span.attributes['switchboard.run.id'] === runId)),
        ),
      ),
    );
    expect(sent.length).toBeGreaterThan(0);
    for (const text of texts) expect(sent).not.toContain(text.slice(0, 40));
    expect(sent).not.toContain('marmalade-sunrise');
    expect(sent).not.toContain('gen_ai.input.messages');
    expect(sent).not.toContain('gen_ai.tool.call.arguments');
  });

  it('with content capture on, messages are exported in the conventions’ format, redacted', async () => {
    const run = await start(`Use write_file {"path": "keys.txt", "content": "token ${CUSTOM_SECRET}"} and keep ${PLANTED_KEY} safe.`);
    expect(run.status).toBe('succeeded');
    // The worker exports the finished run on its own (content capture off); wait for that export, or
    // its spans could arrive among the ones this test reads.
    await waitFor(
      'the worker’s own export of the run',
      () => receiver.spans().filter((span) => span.traceId === traceIdOf(run.id)).length >= 6,
    );
    const before = receiver.requests.length;
    const result = await exportRunTrace(db, run.id, {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        OPENAI_API_KEY: CUSTOM_SECRET,
      },
    });
    expect(result).toEqual({ status: 'exported', spans: 6 });
    const requests = receiver.requests.slice(before);
    const sent = bodiesOf(requests);
    expect(sent).not.toContain(PLANTED_KEY);
    expect(sent).not.toContain(CUSTOM_SECRET);
    const spansOfRun = requests.flatMap((request) =>
      request.resourceSpans.flatMap((resource) => resource.scopes.flatMap((scope) => scope.spans)),
    );
    const [first, second] = spansOfRun
      .filter((span) => span.name === 'chat sim-gpt')
      .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
    const input = JSON.parse(first!.attributes['gen_ai.input.messages'] as string);
    expect(input[1]).toEqual({
      role: 'user',
      parts: [
        {
          type: 'text',
          content: `Use write_file {"path": "keys.txt", "content": "token ${REDACTION_MASK}"} and keep ${REDACTION_MASK} safe.`,
        },
      ],
    });
    const output = JSON.parse(first!.attributes['gen_ai.output.messages'] as string);
    expect(output).toEqual([
      expect.objectContaining({
        role: 'assistant',
        finish_reason: 'tool_calls',
        parts: [
          expect.objectContaining({
            type: 'tool_call',
            name: 'write_file',
            arguments: { path: 'keys.txt', content: `token ${REDACTION_MASK}` },
          }),
        ],
      }),
    ]);
    expect(JSON.parse(second!.attributes['gen_ai.input.messages'] as string).map((message: { role: string }) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
    ]);
    const answer = (await db.message.findFirstOrThrow({ where: { runId: run.id, role: 'assistant' }, orderBy: { position: 'desc' } }))
      .content as unknown as Message;
    const answerText = textsOf([answer])[0]!;
    expect(JSON.parse(second!.attributes['gen_ai.output.messages'] as string)[0].parts[0]).toEqual({ type: 'text', content: answerText });
    const tool = spansOfRun.find((span) => span.name === 'execute_tool write_file')!;
    expect(JSON.parse(tool.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({
      path: 'keys.txt',
      content: `token ${REDACTION_MASK}`,
    });
    expect(JSON.parse(tool.attributes['gen_ai.tool.call.result'] as string)).toMatchObject({ ok: true });
  }, 60_000);

  it('exports failed runs with ERROR status and the error kind', async () => {
    const flaky = failingSimulatorProfile('sim-otel-overloaded', 'overloaded', { maxOutputTokens: 256, temperature: 0.2 });
    const started = await startRun(
      { profileName: flaky.name, task: 'Say hello.' },
      { db, boss: worker.boss, profiles: [...profiles, flaky] },
    );
    if (!started.ok) throw new Error(JSON.stringify(started));
    const run = await waitForRun(db, started.runId);
    expect(run.status).toBe('failed');
    const traceId = traceIdOf(run.id);
    const received = await waitFor('the failed run trace', () => {
      const found = receiver.spans().filter((span) => span.traceId === traceId);
      return found.length >= 4 && found;
    });
    const root = received.find((span) => span.name === 'invoke_agent switchboard')!;
    expect(root.status).toEqual({ code: 2, message: run.errorKind });
    expect(root.attributes['error.type']).toBe(run.errorKind);
    const attempts = received
      .filter((span) => span.name === 'chat sim-claude')
      .sort((a, b) => Number(a.attributes['switchboard.attempt']) - Number(b.attributes['switchboard.attempt']));
    expect(
      attempts.map((span) => [
        span.attributes['switchboard.attempt'],
        span.status.code,
        span.attributes['error.type'],
        span.attributes['http.response.status_code'],
      ]),
    ).toEqual([
      [1, 2, 'overloaded', 529],
      [2, 2, 'overloaded', 529],
    ]);
    expect(attempts[0]!.attributes).toMatchObject({
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.provider.name': 'switchboard.simulator',
    });
    expect(Number(attempts[1]!.attributes['switchboard.attempt.wait_before_ms'])).toBeGreaterThanOrEqual(0);
    expect(received.find((span) => span.name === 'turn 1')!.status).toEqual({ code: 2, message: 'overloaded' });
  }, 60_000);

  it('exports a run that the stale-run sweep marks interrupted', async () => {
    const profile = profiles.find((candidate) => candidate.name === 'simulator-chat')!;
    const lastBeat = new Date(Date.now() - 60_000);
    const run = await db.run.create({
      data: {
        task: 'A run whose worker died.',
        profileName: profile.name,
        provider: profile.provider,
        runtime: profile.runtime,
        model: profile.model,
        profile: profile as object,
        status: 'running',
        workerId: 'a-worker-that-died',
        heartbeatAt: lastBeat,
        startedAt: lastBeat,
      },
    });
    await db.turn.create({ data: { runId: run.id, index: 0, startedAt: new Date(lastBeat.getTime() + 5) } });
    const traceId = traceIdOf(run.id);
    const received = await waitFor(
      'the interrupted run trace',
      () => {
        const found = receiver.spans().filter((span) => span.traceId === traceId);
        return found.length >= 2 && found;
      },
      25_000,
    );
    const marked = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(marked.status).toBe('interrupted');
    const root = received.find((span) => span.name === 'invoke_agent switchboard')!;
    expect(root.status).toEqual({ code: 2, message: 'interrupted' });
    expect([root.startTimeUnixNano, root.endTimeUnixNano]).toEqual([nanos(lastBeat), nanos(marked.finishedAt)]);
    expect(received.find((span) => span.name === 'turn 1')).toMatchObject({
      parentSpanId: root.spanId,
      status: { code: 2, message: 'interrupted' },
    });
  }, 60_000);

  it('an unreachable endpoint neither fails nor holds up the run, and is logged', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '1500';
    try {
      const run = await start('Say hello to the unreachable collector.');
      expect(run.status).toBe('succeeded');
      const failure = await waitFor('the export failure log line', () =>
        logLines.find((line) => line.msg === 'trace export failed' && line.runId === run.id),
      );
      expect(failure.endpoint).toBe(`http://127.0.0.1:${port}/v1/traces`);
      expect(failure.err).toBeTruthy();
      const jobDone = logLines.findIndex((line) => line.msg === 'job done' && line.runId === run.id);
      expect(jobDone).toBeGreaterThanOrEqual(0);
      expect(jobDone).toBeLessThan(logLines.indexOf(failure));
    } finally {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
      delete process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
    }
  }, 60_000);
});
