import type { RuntimeConfig } from '@/lib/providers/core/runtime';
import { registerSecretValue } from '@/lib/redaction/redact';
import { registerProfileSecrets } from './profile-secrets';
import { DEFAULT_RETRY_POLICY } from '@/lib/providers/core/retry';
import type { ProviderRequest } from '@/lib/providers/core/types';
import type { ProviderProfile } from './profile-schema';

export const SIMULATOR_API_KEY = 'sk-sim-local';

/** Where the simulator serves each runtime's API, given its root URL. */
export function simulatorBaseURL(root: string, runtime: ProviderProfile['runtime']): string {
  const base = root.replace(/\/$/, '');
  if (runtime === 'anthropic-messages') return base;
  if (runtime === 'openrouter') return `${base}/openrouter/api/v1`;
  return `${base}/v1`;
}

export type ResolvedProfile = { ok: true; config: RuntimeConfig } | { ok: false; reason: string };

/** A profile → what the runtime needs, with the key read from the server's environment. */
export function resolveRuntimeConfig(
  profile: ProviderProfile,
  env: Record<string, string | undefined>,
  options: { simulatorUrl?: string; simulatorSession?: string } = {},
): ResolvedProfile {
  let apiKey: string;
  let baseURL = profile.baseURL;
  let accountEndpoint: string | undefined;
  const headers: Record<string, string> = {};
  if (profile.provider === 'simulator') {
    if (!options.simulatorUrl && !baseURL) return { ok: false, reason: 'the simulator is not running' };
    // The simulator accepts any key; a profile may name one to test key handling (redaction, 401s).
    apiKey = (profile.apiKeyEnv ? env[profile.apiKeyEnv]?.trim() : undefined) || SIMULATOR_API_KEY;
    if (!baseURL) {
      baseURL = simulatorBaseURL(options.simulatorUrl!, profile.runtime);
      accountEndpoint = 'switchboard-simulator';
    }
    if (profile.simulatorScenario) headers['x-sim-scenario'] = profile.simulatorScenario;
    // Fault counters (`times=N`) count per run, not across every run of the simulator.
    if (options.simulatorSession) headers['x-sim-session'] = options.simulatorSession;
  } else {
    const value = profile.apiKeyEnv ? env[profile.apiKeyEnv]?.trim() : undefined;
    if (!value) return { ok: false, reason: `${profile.apiKeyEnv ?? 'the API key variable'} is not set on the server` };
    apiKey = value;
  }
  // Whatever environment it came from, the key is masked on every path out of this process.
  registerProfileSecrets([profile]);
  if (apiKey !== SIMULATOR_API_KEY) registerSecretValue(apiKey);
  return {
    ok: true,
    config: {
      runtime: profile.runtime,
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      ...(accountEndpoint ? { accountEndpoint } : {}),
      headers,
      ...(profile.timeoutMs ? { timeoutMs: profile.timeoutMs } : {}),
      retry: { ...DEFAULT_RETRY_POLICY, ...profile.retry },
      streamFallback: {
        enabled: profile.streamFallback?.enabled ?? true,
        ...(profile.streamFallback?.matchers
          ? {
              matchers: profile.streamFallback.matchers.map((matcher) => ({
                ...(matcher.status ? { status: matcher.status } : {}),
                ...(matcher.param ? { param: matcher.param } : {}),
                ...(matcher.messagePattern ? { messagePattern: new RegExp(matcher.messagePattern, 'i') } : {}),
              })),
            }
          : {}),
      },
      ...(profile.openrouter ? { openrouter: profile.openrouter } : {}),
    },
  };
}

/** The request settings a profile fixes (the conductor adds messages, tools and the session). */
export function requestSettings(profile: ProviderProfile): Omit<ProviderRequest, 'messages'> {
  return {
    model: profile.model,
    stream: profile.stream,
    ...(profile.temperature !== undefined ? { temperature: profile.temperature } : {}),
    ...(profile.topP !== undefined ? { topP: profile.topP } : {}),
    ...(profile.maxOutputTokens !== undefined ? { maxOutputTokens: profile.maxOutputTokens } : {}),
    ...(profile.reasoning ? { reasoning: profile.reasoning } : {}),
    ...(profile.cache ? { cache: profile.cache } : {}),
    threading: profile.threading,
  };
}
