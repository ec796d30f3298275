import { describe, expect, it } from 'vitest';
import { authRequired, createSessionToken, passwordMatches, SESSION_TTL_MS, verifySessionToken } from './session';

describe('sessions', () => {
  it('is required with a password or a non-loopback listen address', () => {
    expect(authRequired({})).toBe(false);
    expect(authRequired({ SWITCHBOARD_LISTEN_HOST: '127.0.0.1' })).toBe(false);
    expect(authRequired({ SWITCHBOARD_PASSWORD: 'pw' })).toBe(true);
    expect(authRequired({ SWITCHBOARD_LISTEN_HOST: '0.0.0.0' })).toBe(true);
  });

  it('accepts its own tokens until they expire, and nothing else', () => {
    const now = 1_800_000_000_000;
    const token = createSessionToken('secret-pw', now);
    expect(verifySessionToken(token, 'secret-pw', now + 1000)).toBe(true);
    expect(verifySessionToken(token, 'other-pw', now + 1000)).toBe(false);
    expect(verifySessionToken(token, 'secret-pw', now + SESSION_TTL_MS + 1)).toBe(false);
    expect(verifySessionToken(token.replace(/.$/, token.endsWith('A') ? 'B' : 'A'), 'secret-pw', now)).toBe(false);
    expect(verifySessionToken(`v1.${now + 10_000_000}.forged`, 'secret-pw', now)).toBe(false);
    expect(verifySessionToken(undefined, 'secret-pw')).toBe(false);
  });

  it('compares passwords in constant time', () => {
    expect(passwordMatches('pw', 'pw')).toBe(true);
    expect(passwordMatches('pw2', 'pw')).toBe(false);
    expect(passwordMatches('pw', undefined)).toBe(false);
  });
});
