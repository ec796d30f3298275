import { describe, expect, it } from 'vitest';
import { parseSmokeArgs } from './smoke-args';

describe('parseSmokeArgs', () => {
  it('takes repeated and comma-separated profiles and the flags', () => {
    expect(parseSmokeArgs(['--profile', 'a', '-p', 'b,c', '--stream', '--tools'])).toEqual({
      ok: true,
      args: {
        profiles: ['a', 'b', 'c'],
        all: false,
        simulator: false,
        stream: true,
        tools: true,
        scenario: null,
        json: false,
        help: false,
      },
    });
  });

  it('refuses unknown options and stray arguments', () => {
    expect(parseSmokeArgs(['--bogus']).ok).toBe(false);
    expect(parseSmokeArgs(['simulator-chat'])).toEqual({ ok: false, message: expect.stringContaining('--profile') });
  });
});
