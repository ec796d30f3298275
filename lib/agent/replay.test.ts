import { describe, expect, it } from 'vitest';
import type { RecordedToolCall } from '@/lib/store/tool-calls';
import { canonicalJson, matchTurn, type ReplayedRequest } from './replay';

const recorded = (name: string, args: unknown): RecordedToolCall => ({
  name,
  arguments: args,
  rawArguments: JSON.stringify(args),
  result: { ok: true },
  isError: false,
});
const ask = (name: string, args: Record<string, unknown>, id = 'call_1'): ReplayedRequest => ({
  call: { type: 'tool-call', id, name, arguments: args, rawArguments: JSON.stringify(args) },
  invalid: null,
});

describe('canonicalJson', () => {
  it('is the same for the same arguments in another key order, and differs for other values', () => {
    expect(canonicalJson({ b: 2, a: { y: [1, { d: 1, c: 2 }], x: null } })).toBe(
      canonicalJson({ a: { x: null, y: [1, { c: 2, d: 1 }] }, b: 2 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

describe('matchTurn: a replay follows the recording while the model asks for the same calls', () => {
  const turn = [recorded('write_file', { path: 'a.txt', content: 'hi' }), recorded('read_file', { path: 'a.txt' })];

  it('matches the same calls in the same order (call ids and key order do not matter)', () => {
    const requested = [ask('write_file', { content: 'hi', path: 'a.txt' }, 'call_x'), ask('read_file', { path: 'a.txt' }, 'call_y')];
    expect(matchTurn(0, requested, turn)).toEqual({ matched: 2, divergence: null });
    expect(matchTurn(3, [], undefined)).toEqual({ matched: 0, divergence: null });
  });

  it('diverges at the first call with other arguments or another name', () => {
    const other = matchTurn(2, [ask('write_file', { path: 'a.txt', content: 'hi' }), ask('read_file', { path: 'b.txt' })], turn);
    expect(other).toEqual({
      matched: 1,
      divergence: {
        turnIndex: 2,
        callIndex: 1,
        expected: { name: 'read_file', arguments: { path: 'a.txt' } },
        asked: { name: 'read_file', arguments: { path: 'b.txt' } },
      },
    });
    expect(matchTurn(0, [ask('list_files', {})], turn).divergence).toMatchObject({ callIndex: 0, asked: { name: 'list_files' } });
  });

  it('diverges when the model asks for more calls than recorded, for fewer, or answers instead', () => {
    expect(
      matchTurn(
        0,
        [...[ask('write_file', { path: 'a.txt', content: 'hi' }), ask('read_file', { path: 'a.txt' })], ask('list_files', {})],
        turn,
      ).divergence,
    ).toMatchObject({
      callIndex: 2,
      expected: null,
      asked: { name: 'list_files', arguments: {} },
    });
    expect(matchTurn(0, [ask('write_file', { path: 'a.txt', content: 'hi' })], turn).divergence).toMatchObject({
      callIndex: 1,
      expected: { name: 'read_file' },
      asked: null,
    });
    expect(matchTurn(0, [], turn).divergence).toMatchObject({ callIndex: 0, expected: { name: 'write_file' }, asked: null });
    expect(matchTurn(5, [ask('list_files', {})], undefined).divergence).toMatchObject({ turnIndex: 5, expected: null });
  });

  it('compares a call whose arguments were not JSON by its raw text', () => {
    const raw: RecordedToolCall = { name: 'read_file', arguments: null, rawArguments: '{"path":', result: {}, isError: true };
    const invalid = (rawArguments: string): ReplayedRequest => ({
      call: null,
      invalid: { id: 'c', name: 'read_file', rawArguments, error: 'not JSON' },
    });
    expect(matchTurn(0, [invalid('{"path":')], [raw]).divergence).toBeNull();
    expect(matchTurn(0, [invalid('{"path"')], [raw]).divergence).not.toBeNull();
    expect(matchTurn(0, [ask('read_file', { path: 'a' })], [raw]).divergence).not.toBeNull();
  });
});
