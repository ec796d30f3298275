import { database } from '@/lib/store/database';
import { trustedProxies } from './client-address';
import { trackConnections } from './connection';
import { configuredPassword } from './password';
import { revokeSessionsOfOtherPasswords } from './session';

/**
 * What sign-in needs before the web server serves (instrumentation.ts): SWITCHBOARD_TRUSTED_PROXIES
 * readable (else Next.js answers every request with a 500 and logs which entry is wrong), each
 * request's socket peer tracked, and the sessions of an earlier password (or of any, when there is
 * none now) revoked.
 */
export async function prepareSignIn(env: Record<string, string | undefined> = process.env): Promise<void> {
  trustedProxies(env);
  trackConnections();
  if (!env.DATABASE_URL) return;
  try {
    const revoked = await revokeSessionsOfOtherPasswords(database(), configuredPassword(env));
    if (revoked) console.log(`[switchboard] The password changed: ${revoked} earlier session(s) revoked.`);
  } catch (error) {
    // Their cookies are refused anyway while the password differs (lib/auth/session.ts).
    console.warn(`[switchboard] Could not revoke the sessions of an earlier password: ${(error as Error).message}`);
  }
}
