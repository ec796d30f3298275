// Integration: sessions on the real Postgres. A cookie is a live session only while its row says so:
// revoked at sign-out, ended by a password change, expired after SESSION_TTL_MS.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { passwordMatches } from './password';
import { createSession, revokeSession, revokeSessionsOfOtherPasswords, SESSION_TTL_MS, sessionIsValid } from './session';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

describe('sessions', () => {
  it('a cookie stops working as soon as its session is revoked (sign-out), and only that one', async () => {
    const token = await createSession(db, 'pw-signout');
    const other = await createSession(db, 'pw-signout');
    expect(await sessionIsValid(db, token, 'pw-signout')).toBe(true);
    await revokeSession(db, token);
    expect(await sessionIsValid(db, token, 'pw-signout')).toBe(false);
    expect(await sessionIsValid(db, other, 'pw-signout')).toBe(true);
  });

  it('a password change: cookies of the old password are refused, and revoked for good when shown or when the server starts', async () => {
    const shown = await createSession(db, 'pw-old');
    expect(await sessionIsValid(db, shown, 'pw-old')).toBe(true);
    expect(await sessionIsValid(db, shown, 'pw-new')).toBe(false);
    expect(await sessionIsValid(db, shown, 'pw-old')).toBe(false); // changing it back does not revive it

    // In a transaction rolled back at the end: revoking "all other passwords" would also end the
    // sessions of test files running alongside on the same database.
    const rolledBack = new Error('rolled back');
    await expect(
      db.$transaction(
        async (tx) => {
          const unseen = await createSession(tx, 'pw-old');
          const current = await createSession(tx, 'pw-new');
          expect(await revokeSessionsOfOtherPasswords(tx, 'pw-new')).toBeGreaterThanOrEqual(1);
          expect(await sessionIsValid(tx, unseen, 'pw-old')).toBe(false);
          expect(await sessionIsValid(tx, current, 'pw-new')).toBe(true);
          expect(await revokeSessionsOfOtherPasswords(tx, undefined)).toBeGreaterThanOrEqual(1); // no password: none stays
          expect(await sessionIsValid(tx, current, 'pw-new')).toBe(false);
          throw rolledBack;
        },
        { timeout: 20_000 },
      ),
    ).rejects.toBe(rolledBack);
  });

  it('expires after SESSION_TTL_MS, and expired rows are cleared by later sign-ins', async () => {
    const issued = new Date(Date.now() - SESSION_TTL_MS - 60_000);
    const token = await createSession(db, 'pw-ttl', issued);
    expect(await sessionIsValid(db, token, 'pw-ttl', new Date(issued.getTime() + SESSION_TTL_MS - 1))).toBe(true);
    expect(await sessionIsValid(db, token, 'pw-ttl')).toBe(false);
    await createSession(db, 'pw-ttl');
    expect(await db.session.count({ where: { expiresAt: { lt: new Date() } } })).toBe(0);
  });

  it('stores only a hash of the token, and refuses tokens it never issued', async () => {
    const token = await createSession(db, 'pw-store');
    const row = await db.session.findUnique({ where: { tokenHash: createHash('sha256').update(token).digest('hex') } });
    expect(row).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain('pw-store');
    for (const forged of [undefined, '', 'v1.9999999999999.forged', `${token}x`, token.slice(1), 'x'.repeat(10_000)]) {
      expect(await sessionIsValid(db, forged, 'pw-store'), String(forged).slice(0, 40)).toBe(false);
    }
    expect(await sessionIsValid(db, token, undefined)).toBe(false);
  });
});

describe('passwordMatches', () => {
  it('compares in constant time', () => {
    expect(passwordMatches('pw', 'pw')).toBe(true);
    expect(passwordMatches('pw2', 'pw')).toBe(false);
    expect(passwordMatches('pw', undefined)).toBe(false);
  });
});
