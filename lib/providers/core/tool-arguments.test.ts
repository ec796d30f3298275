import { describe, expect, it } from 'vitest';
import { toolCallFromRaw } from './tool-arguments';

describe('toolCallFromRaw', () => {
  it('parses a JSON object and keeps the raw text', () => {
    expect(toolCallFromRaw('call_1', 'read_file', '{"path": "a.txt"}')).toEqual({
      call: { type: 'tool-call', id: 'call_1', name: 'read_file', arguments: { path: 'a.txt' }, rawArguments: '{"path": "a.txt"}' },
    });
  });

  it('treats empty arguments as no arguments', () => {
    expect(toolCallFromRaw('t', 'list_files', '')).toMatchObject({ call: { arguments: {} } });
  });

  it('reports invalid JSON and non-objects as invalid calls instead of throwing', () => {
    expect(toolCallFromRaw('t', 'x', '{"path": "a.t')).toMatchObject({
      invalid: { id: 't', name: 'x', error: expect.stringContaining('not valid JSON') },
    });
    expect(toolCallFromRaw('t', 'x', '[1,2]')).toMatchObject({ invalid: { error: 'arguments must be a JSON object' } });
    expect(toolCallFromRaw('t', 'x', 'null')).toMatchObject({ invalid: { error: 'arguments must be a JSON object' } });
  });
});
