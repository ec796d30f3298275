import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@/lib/store/database';
import { passwordFingerprint } from './password';

export const SESSION_COOKIE = 'switchboard_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

// 32 random bytes in base64url; anything much longer is not one of ours and is not hashed.
const MAX_TOKEN_LENGTH = 128;

/** The client or a transaction of it: all these functions need is the Session table. */
type Sessions = Pick<Database, 'session'>;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Starts a session under `password` and returns the token for the cookie. The Session row keeps
 * only the token's hash; expired rows are deleted on the way.
 */
export async function createSession(db: Sessions, password: string, now: Date = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.session.create({
    data: {
      tokenHash: tokenHash(token),
      passwordFingerprint: await passwordFingerprint(password),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    },
  });
  await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  return token;
}

/**
 * Whether a cookie's token is a live session under the current password: known, not revoked, not
 * expired (one primary-key read). A session of an earlier password is revoked when it shows up, so
 * that changing the password back does not revive it.
 */
export async function sessionIsValid(
  db: Sessions,
  token: string | undefined,
  password: string | undefined,
  now: Date = new Date(),
): Promise<boolean> {
  if (!token || !password || token.length > MAX_TOKEN_LENGTH) return false;
  const session = await db.session.findUnique({
    where: { tokenHash: tokenHash(token) },
    select: { passwordFingerprint: true, expiresAt: true, revokedAt: true },
  });
  if (!session || session.revokedAt || session.expiresAt <= now) return false;
  if (session.passwordFingerprint !== (await passwordFingerprint(password))) {
    await revokeSession(db, token, now);
    return false;
  }
  return true;
}

/** Ends a session (sign-out): its cookie is refused from now on, wherever it is kept. */
export async function revokeSession(db: Sessions, token: string, now: Date = new Date()): Promise<void> {
  if (token.length > MAX_TOKEN_LENGTH) return;
  await db.session.updateMany({ where: { tokenHash: tokenHash(token), revokedAt: null }, data: { revokedAt: now } });
}

/**
 * When the server starts: revokes every session not issued under the password it now has (all of
 * them when it has none), so that a changed password signs everyone out for good — changing it
 * back later does not revive them. Returns how many were revoked.
 */
export async function revokeSessionsOfOtherPasswords(db: Sessions, password: string | undefined, now: Date = new Date()): Promise<number> {
  const where = password ? { passwordFingerprint: { not: await passwordFingerprint(password) }, revokedAt: null } : { revokedAt: null };
  return (await db.session.updateMany({ where, data: { revokedAt: now } })).count;
}
