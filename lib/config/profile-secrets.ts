import { registerSecretEnvName } from '@/lib/redaction/redact';

/**
 * Every profile names the variable that holds its key (`apiKeyEnv`): whatever that variable is
 * called, its value is masked on every path out of this process. Even a profile that failed
 * validation names one.
 */
export function registerProfileSecrets(profiles: readonly unknown[]): void {
  for (const profile of profiles) {
    const name = (profile as { apiKeyEnv?: unknown } | null)?.apiKeyEnv;
    if (typeof name === 'string' && name) registerSecretEnvName(name);
  }
}
