import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'switchboard_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

type Env = Record<string, string | undefined>;

/** Sign-in is required when a password is set, or when the server listens beyond loopback. */
export function authRequired(env: Env = process.env): boolean {
  if (env.SWITCHBOARD_PASSWORD) return true;
  const host = env.SWITCHBOARD_LISTEN_HOST ?? env.HOSTNAME ?? '127.0.0.1';
  return !LOOPBACK.has(host);
}

function key(password: string): Buffer {
  return createHash('sha256').update(`switchboard-session\0${password}`).digest();
}

function sign(body: string, password: string): string {
  return createHmac('sha256', key(password)).update(body).digest('base64url');
}

/** A session token: expiry + HMAC under a key derived from the password (changing it signs everyone out). */
export function createSessionToken(password: string, now: number = Date.now()): string {
  const body = `v1.${now + SESSION_TTL_MS}`;
  return `${body}.${sign(body, password)}`;
}

export function verifySessionToken(token: string | undefined, password: string | undefined, now: number = Date.now()): boolean {
  if (!token || !password) return false;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return false;
  const expires = Number(parts[1]);
  if (!Number.isFinite(expires) || expires < now) return false;
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, password));
  const actual = Buffer.from(parts[2]!);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function passwordMatches(candidate: string, password: string | undefined): boolean {
  if (!password) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(password).digest();
  return timingSafeEqual(a, b);
}
