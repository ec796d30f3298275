// Bad input at POST /api/runs and GET /api/runs (and the runs JSONL export, which takes the same
// list parameters): each refused with a 4xx JSON message, nothing written.
import { NextRequest } from 'next/server';
import { afterAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, useTestDatabase } from '@/test/bad-input';
import { expectEachRefused } from '@/test/expect-each-refused';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import { GET as exportJsonl } from './export.jsonl/route';
import { GET, POST } from './route';

useTestDatabase();
afterAll(async () => {
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new NextRequest(
    new Request('http://localhost/api/runs', {
      method: 'POST',
      body,
      headers,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit),
  );

const valid = { profileName: 'simulator-chat', task: 'Say hello.' };

describe('POST /api/runs refuses bad input, writing nothing', () => {
  it('wrong or missing content-type: 415', async () => {
    const types: Record<string, string>[] = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/jsonp' },
    ];
    await expectEachRefused(types, 415, (headers) => POST(post(JSON.stringify(valid), headers)));
  });

  it('malformed JSON, or JSON that is not a run: 400 with field errors', async () => {
    const bodies = [
      '',
      '{',
      '{"profileName": "simulator-chat",}',
      'null',
      '[]',
      '"run"',
      '42',
      'true',
      '\u0000',
      '{"task": "x"}{"task": "y"}',
    ];
    await expectEachRefused(
      bodies,
      400,
      (body) => POST(post(body)),
      (answer, body) => expect(answer.fieldErrors, body).toBeTypeOf('object'),
    );
  });

  it('missing fields and wrong types: 400 naming the fields', async () => {
    const cases: [unknown, string][] = [
      [{}, 'profileName'],
      [{ profileName: 'simulator-chat' }, 'task'],
      [{ task: 'x' }, 'profileName'],
      [{ profileName: 42, task: 'x' }, 'profileName'],
      [{ profileName: 'simulator-chat', task: ['x'] }, 'task'],
      [{ profileName: 'simulator-chat', task: '   ' }, 'task'],
      [{ profileName: 'simulator-chat', task: 'x'.repeat(20_001) }, 'task'],
      [{ ...valid, overrides: 'fast' }, 'overrides'],
      [{ ...valid, overrides: { temperature: '0.5' } }, 'overrides.temperature'],
      [{ ...valid, overrides: { temperature: 9 } }, 'overrides.temperature'],
      [{ ...valid, overrides: { maxOutputTokens: -1 } }, 'overrides.maxOutputTokens'],
      [{ ...valid, overrides: { stream: 'yes' } }, 'overrides.stream'],
      [{ ...valid, options: { maxTurns: '5' } }, 'options.maxTurns'],
      [{ ...valid, options: { maxTurns: 0 } }, 'options.maxTurns'],
      [{ ...valid, options: { maxTurns: 1e9 } }, 'options.maxTurns'],
      [{ ...valid, options: { tools: ['rm_rf'] } }, 'options.tools.0'],
      [{ ...valid, options: { tools: 'list_files' } }, 'options.tools'],
      [{ ...valid, options: { tools: Array.from({ length: 1000 }, () => 'list_files') } }, 'options.tools'],
      [{ ...valid, options: { workspaceTemplate: '../../etc' } }, 'options.workspaceTemplate'],
      [{ ...valid, options: { fallbacks: ['nope'] } }, 'options.fallbacks'],
      [{ profileName: 'no-such-profile', task: 'x' }, 'profileName'],
    ];
    await expectEachRefused(
      cases,
      400,
      ([body]) => POST(post(JSON.stringify(body))),
      (answer, [, field], label) => expect(Object.keys(answer.fieldErrors as object), label).toContain(field),
    );
  });

  it('a NUL or an unpaired surrogate in the task, system prompt or model, or a key in the model: 400 with a field message', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...valid, task: 'Say\u0000 hello.' }, 'task', /The task contains a NUL character/],
      [{ ...valid, task: 'Say \ud800 hello.' }, 'task', /The task contains an unpaired UTF-16 surrogate/],
      [{ ...valid, options: { systemPrompt: 'Be brief.\u0000' } }, 'options.systemPrompt', /The system prompt contains a NUL character/],
      [{ ...valid, overrides: { model: 'gpt-4.1\u0000' } }, 'overrides.model', /The model name contains a NUL character/],
      [{ ...valid, overrides: { model: 'sk-proj-PLANTEDmodelKEY0123456789abcdef' } }, 'overrides.model', /looks like an API key/],
      [{ ...valid, overrides: { model: 'gpt 4.1 please' } }, 'overrides.model', /no spaces/],
    ];
    // JSON.stringify sends them as \u escapes, as a client would; the handler parses them back.
    await expectEachRefused(
      cases,
      400,
      ([body]) => POST(post(JSON.stringify(body))),
      (answer, [, field, message], label) =>
        expect((answer.fieldErrors as Record<string, string[]>)[field]?.join(' '), label).toMatch(message),
    );
  });

  it('bodies over 256 KiB: 413, declared or not', async () => {
    const big = JSON.stringify({ ...valid, task: 'x'.repeat(300 * 1024) });
    await expectJsonError(await expectNothingWritten(() => POST(post(big))), 413);
    const chunks = [new TextEncoder().encode(big.slice(0, 200_000)), new TextEncoder().encode(big.slice(200_000))];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    await expectJsonError(await expectNothingWritten(() => POST(post(stream))), 413);
    // A lying content-length does not get a small body refused, nor a big one accepted.
    await expectJsonError(
      await expectNothingWritten(() => POST(post(big, { 'content-type': 'application/json', 'content-length': '10' }))),
      413,
    );
  });

  it('a valid run is accepted (the same handler writes when it should)', async () => {
    const response = await POST(post(JSON.stringify(valid)));
    expect(response.status).toBe(201);
    const { runId } = (await response.json()) as { runId: string };
    expect(await database().run.count({ where: { id: runId } })).toBe(1);
  });
});

describe('GET /api/runs and GET /api/runs/export.jsonl refuse bad parameters with 400', () => {
  const badCursor = Buffer.from(`2025-01-01T00:00:00.000Z_${'-'.repeat(36)}`).toString('base64url');
  const cases = [
    'limit=abc',
    'limit=0',
    'limit=201',
    'limit=1.5',
    'limit=-3',
    'status=bogus',
    'status=running&status=queued',
    'hasErrors=maybe',
    'errorKind=Rate-Limit',
    'errorKind=ratelimit',
    'errorKind=auth&errorKind=server',
    'from=yesterday',
    'from=2025-02-30T00:00:00Z',
    'to=2025-01-01',
    'from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z',
    'cursor=***',
    'cursor=abc',
    'cursor=zzz',
    `cursor=${badCursor}`,
    `provider=${'p'.repeat(101)}`,
    `model=${'m'.repeat(201)}`,
  ];
  for (const query of cases) {
    it(query.slice(0, 60), async () => {
      for (const handler of [GET, exportJsonl]) {
        const response = await expectNothingWritten(() => handler(new NextRequest(`http://localhost/api/runs?${query}`)));
        await expectJsonError(response, 400);
      }
    });
  }
});
