// Characters Postgres refuses (NUL in text and jsonb, unpaired surrogates in jsonb) arriving from a
// tool's output, from tool arguments the model chose (a NUL inside a key too), and from the model's
// own answer (it quotes the tool output back): the run completes, every provider call is recorded,
// and the characters show visibly (␀, U+FFFD) — before the fix such a run ended "interrupted" with
// its tool result and provider calls lost, and Resume failed the same way.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { NUL_SYMBOL } from '@/lib/redaction/storable-text';
import { listRunEvents } from '@/lib/runs/run-detail';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import { createDatabase, type Database } from '@/lib/store/database';
import { loadConversation } from '@/lib/store/transcript';
import { executeStandaloneRun } from '@/lib/worker/standalone-run';
import { createLogger } from '@/lib/server/logger';
import { createRun } from '@/lib/runs/start-run';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
let db: Database;
let simulator: SimulatorHandle;

beforeAll(async () => {
  db = createDatabase(inject('databaseUrl'));
  simulator = await startSimulator({ port: 0, chunkDelayMs: 0 });
});
afterAll(async () => {
  await simulator?.close();
  await db?.$disconnect();
});

/** Whether any string in `value` still holds a character Postgres refuses. */
function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0') || !value.isWellFormed();
  if (Array.isArray(value)) return value.some(holdsUnstorable);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, inner]) => holdsUnstorable(key) || holdsUnstorable(inner));
  return false;
}

/** An OpenAI-compatible endpoint that streams these chunks (as JSON: `\u0000`, lone surrogates and all), then [DONE]. */
async function startFakeChatProvider(chunks: object[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const base = { id: 'chatcmpl-hostile', object: 'chat.completion.chunk', created: 1, model: 'sim-gpt' };
      for (const chunk of chunks) response.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Creates a run on `profile` (default: the built-in simulator-chat) and executes it to its end. */
async function runToEnd(task: string, options: Record<string, unknown>, profile?: ProviderProfile) {
  const created = await createRun(
    { profileName: profile?.name ?? 'simulator-chat', task, options },
    { db, profiles: profile ? [...profiles, profile] : profiles },
  );
  if (!created.ok) throw new Error(JSON.stringify(created));
  const outcome = await executeStandaloneRun(created.runId, {
    db,
    workerId: 'hostile-characters-test',
    logger: createLogger(),
    simulatorUrl: simulator.url,
  });
  return { runId: created.runId, outcome };
}

describe('NUL and unpaired surrogates from tools and models', () => {
  it('a command printing NUL bytes: the run succeeds, records both calls and the tool result, and shows ␀', async () => {
    const { runId, outcome } = await runToEnd(
      'Use run_command {"command": "printf", "args": ["before\\\\000after"]} and tell me what it printed.',
      {
        tools: ['run_command'],
        allowCommands: true,
      },
    );
    expect(outcome).toBe('succeeded');
    expect(await db.providerCall.count({ where: { runId } })).toBe(2);
    const tool = await db.toolCall.findFirstOrThrow({ where: { runId } });
    expect((tool.result as { stdout: string }).stdout).toBe(`before${NUL_SYMBOL}after`);
    const events = await listRunEvents(db, runId);
    expect(JSON.stringify(events)).toContain(`before${NUL_SYMBOL}after`);
    expect(holdsUnstorable([events, await loadConversation(db, runId), tool])).toBe(false);
  });

  it('tool arguments with NUL in a value and in a key, and an unpaired surrogate: stored visibly, the run goes on', async () => {
    const { runId, outcome } = await runToEnd(
      'Use write_file {"path": "notes.txt", "content": "a\\u0000b \\ud800 c", "extra\\u0000key": 1} then say done.',
      {
        tools: ['write_file'],
      },
    );
    expect(outcome).toBe('succeeded');
    expect(await db.providerCall.count({ where: { runId } })).toBe(2);
    const tool = await db.toolCall.findFirstOrThrow({ where: { runId } });
    expect(tool.rawArguments).toContain(`a\\u0000b`);
    expect(JSON.stringify(tool.validationErrors ?? tool.arguments)).toContain(`extra${NUL_SYMBOL}key`);
    const stored = await loadConversation(db, runId);
    expect(JSON.stringify(stored)).toContain(NUL_SYMBOL);
    expect(holdsUnstorable([stored, tool])).toBe(false);
  });

  it('a model that streams NUL, an unpaired surrogate and an emoji split across chunks: stored visibly, the emoji intact', async () => {
    const provider = await startFakeChatProvider([
      { choices: [{ index: 0, delta: { role: 'assistant', content: 'NUL:' } }] },
      { choices: [{ index: 0, delta: { content: '\u0000 lone:\udc00 emoji:\ud83d' } }] },
      { choices: [{ index: 0, delta: { content: '\ude00 end' } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } },
    ]);
    try {
      const hostile = providerProfileSchema.parse({
        name: 'hostile-chat',
        label: 'Hostile',
        provider: 'simulator',
        runtime: 'openai-chat',
        model: 'sim-gpt',
        baseURL: provider.url,
      });
      const { runId, outcome } = await runToEnd('Say something.', { tools: [] }, hostile);
      expect(outcome).toBe('succeeded');
      expect(await db.providerCall.count({ where: { runId } })).toBe(1);
      const expected = `NUL:${NUL_SYMBOL} lone:\uFFFD emoji:😀 end`;
      const answer = (await loadConversation(db, runId)).at(-1);
      expect(answer).toMatchObject({ role: 'assistant', content: [{ type: 'text', text: expected }] });
      const deltas = (await listRunEvents(db, runId)).filter((event) => event.type === 'text-delta');
      expect(deltas.map((event) => (event.payload as { text: string }).text).join('')).toBe(expected);
    } finally {
      await provider.close();
    }
  });
});
