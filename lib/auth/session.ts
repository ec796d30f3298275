import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@/lib/store/prisma';
import { passwordFingerprint } from './password';

export const SESSION_COOKIE = 'switchboard_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

// 32 random bytes in base64url; anything much longer is not one of ours and is not hashed.
const MAX_TOKEN_LENGTH = 128;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Starts a session under `password` and returns the token for the cookie. The Session row keeps
 * only the token's hash. On the way, sessions of any other password are revoked (the password was
 * changed: changing it back must not revive them) and expired ones are deleted.
 */
export async function createSession(db: Database, password: string, now: Date = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const fingerprint = await passwordFingerprint(password);
  await db.session.create({
    data: { tokenHash: tokenHash(token), passwordFingerprint: fingerprint, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  });
  await db.session.updateMany({ where: { passwordFingerprint: { not: fingerprint }, revokedAt: null }, data: { revokedAt: now } });
  await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  return token;
}

/**
 * Whether a cookie's token is a live session under the current password: known, not revoked, not
 * expired (one primary-key read). A session of an earlier password is revoked when it shows up, so
 * that changing the password back does not revive it.
 */
export async function sessionIsValid(db: Database, token: string | undefined, password: string | undefined, now: Date = new Date()): Promise<boolean> {
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
export async function revokeSession(db: Database, token: string, now: Date = new Date()): Promise<void> {
  if (token.length > MAX_TOKEN_LENGTH) return;
  await db.session.updateMany({ where: { tokenHash: tokenHash(token), revokedAt: null }, data: { revokedAt: now } });
}
