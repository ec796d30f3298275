import { describe, expect, it } from 'vitest';
import { parseSse, sseComment, sseMessage } from './sse';

describe('sse', () => {
  it('formats events with id, name and JSON data', () => {
    expect(sseMessage({ id: 7, event: 'text-delta', data: { seq: 7, payload: { text: 'a\nb' } } })).toBe(
      'id: 7\nevent: text-delta\ndata: {"seq":7,"payload":{"text":"a\\nb"}}\n\n',
    );
    expect(sseMessage({ event: 'end', data: { status: 'succeeded' } })).toBe('event: end\ndata: {"status":"succeeded"}\n\n');
    expect(sseComment('keep-alive')).toBe(': keep-alive\n\n');
  });

  it('cannot be broken out of by hostile names', () => {
    expect(sseMessage({ id: '1\ndata: x', event: 'a\nid: 9', data: 'x' })).toBe('id: 1data: x\nevent: aid9\ndata: "x"\n\n');
  });

  it('parses what it writes', () => {
    const text = `retry: 2000\n\n${sseMessage({ id: 1, event: 'status', data: { status: 'running' } })}${sseComment('keep-alive')}${sseMessage({ event: 'end', data: {} })}`;
    expect(parseSse(text)).toEqual([
      { id: '1', event: 'status', data: '{"status":"running"}' },
      { id: null, event: 'end', data: '{}' },
    ]);
  });
});
