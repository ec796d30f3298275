import { createHash, scrypt, timingSafeEqual } from 'node:crypto';

type Env = Record<string, string | undefined>;

/** The console's sign-in password (SWITCHBOARD_PASSWORD), or undefined when none is set. */
export function configuredPassword(env: Env = process.env): string | undefined {
  return env.SWITCHBOARD_PASSWORD || undefined;
}

export function passwordMatches(candidate: string, password: string | undefined): boolean {
  if (!password) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(password).digest();
  return timingSafeEqual(a, b);
}

// A slow hash with a fixed salt: equal for equal passwords (sessions compare it on every request,
// so it is computed once per process), and costly to brute-force from a copy of the Session table.
const FINGERPRINT_SALT = 'switchboard-session-password-fingerprint-v1';
let lastFingerprint: { password: string; fingerprint: Promise<string> } | undefined;

/** Names the password a session was issued under, without revealing it. */
export function passwordFingerprint(password: string): Promise<string> {
  if (lastFingerprint?.password !== password) {
    const fingerprint = new Promise<string>((resolve, reject) =>
      scrypt(password, FINGERPRINT_SALT, 32, { N: 16_384, r: 8, p: 1 }, (error, key) =>
        error ? reject(error) : resolve(key.toString('base64url')),
      ),
    );
    lastFingerprint = { password, fingerprint };
  }
  return lastFingerprint.fingerprint;
}
