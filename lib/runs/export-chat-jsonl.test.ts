// Integration (real Postgres): runs as OpenAI chat JSONL, one run and a filtered, bounded list.
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Message } from '@/lib/providers/core/types';
import { createDatabase, type Database } from '@/lib/store/database';
import { appendMessages } from '@/lib/store/transcript';
import { jsonlAttachment, runChatJsonlLine, runsChatJsonl } from './export-chat-jsonl';
import { parseRunListParams } from './list-runs';

let db: Database;
const marker = `jsonl-${Date.now().toString(36)}`;
const ids: string[] = [];

async function seedRun(index: number, status: 'succeeded' | 'failed') {
  const run = await db.run.create({
    data: {
      task: `${marker} task ${index}`,
      status,
      profileName: 'simulator-chat',
      provider: `${marker}-provider`,
      runtime: 'openai-chat',
      model: 'sim-gpt',
      profile: {},
      options: { tools: ['read_file', 'run_command'], allowCommands: false },
      // In the past, so that lists of the shared test database that other files read stay theirs at the top.
      createdAt: new Date(Date.UTC(2001, 0, 1, 0, 0, index)),
    },
  });
  const messages: Message[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: `question ${index}` }] },
    {
      role: 'assistant',
      content: [{ type: 'tool-call', id: `call_${index}`, name: 'read_file', arguments: { path: 'a' }, rawArguments: '{"path":"a"}' }],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: `call_${index}`, toolName: 'read_file', output: 'contents' }] },
    { role: 'assistant', content: [{ type: 'text', text: `answer ${index}` }] },
  ];
  await appendMessages(db, run.id, null, messages);
  return run.id;
}

async function readAll(response: Response): Promise<string[]> {
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

beforeAll(async () => {
  db = createDatabase(inject('databaseUrl'));
  for (let index = 0; index < 3; index++) ids.push(await seedRun(index, index === 1 ? 'failed' : 'succeeded'));
});
afterAll(() => db?.$disconnect());

describe('chat JSONL export', () => {
  it('one run: one line with the conversation and the tools the run was offered', async () => {
    const line = await runChatJsonlLine(db, ids[0]!);
    expect(line).not.toBeNull();
    expect(line!.endsWith('\n')).toBe(true);
    expect(line!.slice(0, -1)).not.toContain('\n');
    const example = JSON.parse(line!);
    expect(example.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'question 0' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_0', content: 'contents' },
      { role: 'assistant', content: 'answer 0' },
    ]);
    // run_command is listed but commands were not allowed: it was never offered.
    expect(example.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(['read_file']);
    expect(example.tools[0]).toMatchObject({ type: 'function', function: { parameters: { type: 'object' } } });
    expect(await runChatJsonlLine(db, '00000000-0000-7000-8000-000000000000')).toBeNull();
  });

  it('the runs list: same filters and order, bounded by limit, with a cursor to continue; streamed as a download', async () => {
    const params = parseRunListParams(new URLSearchParams({ provider: `${marker}-provider`, limit: '2' }));
    if (!params.ok) throw new Error(params.message);
    const page = await runsChatJsonl(db, params.params);
    expect(page.runIds).toEqual([ids[2], ids[1]]);
    expect(page.nextCursor).toEqual(expect.any(String));
    const response = jsonlAttachment(page.lines(), 'runs.jsonl', { 'x-switchboard-run-count': String(page.runIds.length) });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="runs.jsonl"');
    const lines = await readAll(response);
    expect(lines.map((line) => JSON.parse(line).messages.at(-1).content)).toEqual(['answer 2', 'answer 1']);

    const rest = parseRunListParams(new URLSearchParams({ provider: `${marker}-provider`, limit: '2', cursor: page.nextCursor! }));
    if (!rest.ok) throw new Error(rest.message);
    const next = await runsChatJsonl(db, rest.params);
    expect(next.runIds).toEqual([ids[0]]);
    expect(next.nextCursor).toBeNull();

    const failed = parseRunListParams(new URLSearchParams({ provider: `${marker}-provider`, status: 'failed' }));
    if (!failed.ok) throw new Error(failed.message);
    expect((await runsChatJsonl(db, failed.params)).runIds).toEqual([ids[1]]);
  });
});

describe('the export routes', () => {
  // The route handlers use the process-wide client (`database()`) on DATABASE_URL: this file's
  // process points it at the test database (a DATABASE_URL in the environment names the server).
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = inject('databaseUrl');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  it('GET /api/runs/[id]/export?format=jsonl: one line, application/x-ndjson, run-<id>.jsonl; an unknown format is a 400', async () => {
    const { GET } = await import('@/app/api/runs/[id]/export/route');
    const context = { params: Promise.resolve({ id: ids[0]! }) };
    const response = await GET(new NextRequest(`http://localhost/api/runs/${ids[0]}/export?format=jsonl`), context);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="run-${ids[0]}.jsonl"`);
    const lines = await readAll(response);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).messages.at(-1)).toEqual({ role: 'assistant', content: 'answer 0' });

    const json = await GET(new NextRequest(`http://localhost/api/runs/${ids[0]}/export`), context);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await json.json()).format).toBe('switchboard.run-bundle');

    const wrong = await GET(new NextRequest(`http://localhost/api/runs/${ids[0]}/export?format=csv`), context);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/format is json .* or jsonl .*, not "csv"/);
    const unknown = '00000000-0000-7000-8000-000000000000';
    expect(
      (await GET(new NextRequest(`http://localhost/api/runs/${unknown}/export?format=jsonl`), { params: Promise.resolve({ id: unknown }) }))
        .status,
    ).toBe(404);
  });

  it('GET /api/runs/export.jsonl: the filtered page, its count and next cursor in headers; bad filters are a 400', async () => {
    const { GET } = await import('@/app/api/runs/export.jsonl/route');
    const response = await GET(new NextRequest(`http://localhost/api/runs/export.jsonl?provider=${marker}-provider&limit=2`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="runs.jsonl"');
    expect(response.headers.get('x-switchboard-run-count')).toBe('2');
    expect(response.headers.get('x-switchboard-next-cursor')).toEqual(expect.any(String));
    expect(await readAll(response)).toHaveLength(2);
    const bad = await GET(new NextRequest('http://localhost/api/runs/export.jsonl?status=paused'));
    expect(bad.status).toBe(400);
  });
});
