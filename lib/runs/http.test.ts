import { describe, expect, it } from 'vitest';
import { parseAfter, readJsonCommand, readJsonLimited, runIdOr400 } from './http';

describe('route helpers', () => {
  it('parses Last-Event-ID / after', () => {
    expect(parseAfter(null)).toEqual({ ok: true, after: -1 });
    expect(parseAfter('')).toEqual({ ok: true, after: -1 });
    expect(parseAfter('41')).toEqual({ ok: true, after: 41 });
    expect(parseAfter('-7')).toEqual({ ok: true, after: -1 });
    expect(parseAfter('4; DROP')).toMatchObject({ ok: false });
  });

  it('refuses malformed run ids with a 400', async () => {
    expect(runIdOr400('0199D2C4-7A1E-7B3C-9F00-1234567890AB')).toEqual({ id: '0199d2c4-7a1e-7b3c-9f00-1234567890ab' });
    const bad = runIdOr400('../../etc/passwd');
    expect('response' in bad && bad.response.status).toBe(400);
    if ('response' in bad) expect((await bad.response.json()).error).toMatch(/Malformed run id/);
  });
});

describe('readJsonLimited', () => {
  it('reads JSON bodies up to the limit and refuses larger or broken ones', async () => {
    const post = (body: string, headers: Record<string, string> = {}) => new Request('http://x/', { method: 'POST', body, headers });
    expect(await readJsonLimited(post('{"a":1}'), 100)).toEqual({ ok: true, value: { a: 1 } });
    expect(await readJsonLimited(post(`{"a":"${'x'.repeat(200)}"}`), 100)).toMatchObject({ ok: false, status: 413 });
    expect(await readJsonLimited(post('{"a":1}', { 'content-length': '999999' }), 100)).toMatchObject({ ok: false, status: 413 });
    expect(await readJsonLimited(post('{"a":'), 100)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('readJsonCommand', () => {
  const post = (body: string, contentType = 'application/json') =>
    new Request('http://x/', { method: 'POST', body, headers: { 'content-type': contentType } });

  it('takes JSON only, and an empty body only where the command says what it means', async () => {
    expect(await readJsonCommand(post('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    expect(await readJsonCommand(post('', 'application/json; charset=utf-8'), { emptyAs: {} })).toEqual({ ok: true, value: {} });
    const empty = await readJsonCommand(post(''));
    expect(!empty.ok && empty.response.status).toBe(400);
    if (!empty.ok)
      expect(await empty.response.json()).toEqual({
        message: 'The body is not valid JSON.',
        fieldErrors: { form: ['The body is not valid JSON.'] },
      });
    const form = await readJsonCommand(post('{"a":1}', 'application/x-www-form-urlencoded'), { emptyAs: {} });
    expect(!form.ok && form.response.status).toBe(415);
  });
});
