import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from './builtin-profiles';
import { lintProfile } from './lint-profile';
import { accountFingerprint } from '@/lib/providers/core/runtime';
import { providerProfileSchema, type ProviderProfile } from './profile-schema';
import { resolveRuntimeConfig } from './runtime-config';
import { testProfile } from './testing/test-profile';

const parse = (input: unknown) => providerProfileSchema.safeParse(input);

describe('provider profiles', () => {
  it('the built-in profiles are valid', () => {
    for (const profile of BUILTIN_PROFILES) expect(parse(profile).success, profile.name).toBe(true);
  });

  it('refuses a runtime the provider does not speak, a missing key variable and out-of-range settings', () => {
    const result = parse({ name: 'x', label: 'X', provider: 'anthropic', runtime: 'openai-chat', model: 'm', temperature: 3 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['runtime', 'apiKeyEnv', 'temperature']));
  });

  it('resolves the key from the environment, and says why when it is missing', () => {
    const profile = providerProfileSchema.parse(BUILTIN_PROFILES.find((p) => p.name === 'openai-gpt-4.1'));
    expect(resolveRuntimeConfig(profile, {})).toEqual({ ok: false, reason: 'OPENAI_API_KEY is not set on the server' });
    const resolved = resolveRuntimeConfig(profile, { OPENAI_API_KEY: 'sk-test-1234567890' });
    expect(resolved).toMatchObject({ ok: true, config: { runtime: 'openai-chat', apiKey: 'sk-test-1234567890' } });
  });

  it('points simulator profiles at the simulator, with the fault scenario header', () => {
    const scenario = 'rate_limit_html; times=1';
    const profile = testProfile({ provider: 'simulator', runtime: 'openrouter', model: 'm', simulatorScenario: scenario });
    expect(resolveRuntimeConfig(profile, {}, { simulatorUrl: 'http://127.0.0.1:4010' })).toMatchObject({
      ok: true,
      config: { baseURL: 'http://127.0.0.1:4010/openrouter/api/v1', headers: { 'x-sim-scenario': scenario } },
    });
  });

  it("names the local simulator's account the same on every port (its blobs outlive a restart), a configured endpoint by its URL", () => {
    const origin = (profile: ProviderProfile, simulatorUrl: string) => {
      const resolved = resolveRuntimeConfig(profile, {}, { simulatorUrl });
      if (!resolved.ok) throw new Error(resolved.reason);
      return accountFingerprint(resolved.config);
    };
    const local = testProfile({ provider: 'simulator', runtime: 'openai-responses', model: 'm' });
    expect(origin(local, 'http://127.0.0.1:4010')).toEqual(origin(local, 'http://127.0.0.1:39517'));
    const anthropic = testProfile({ provider: 'simulator', runtime: 'anthropic-messages', model: 'm' });
    expect(origin(anthropic, 'http://127.0.0.1:4010').account).not.toBe(origin(local, 'http://127.0.0.1:4010').account);
    const remote = (baseURL: string) => testProfile({ provider: 'simulator', runtime: 'openai-responses', model: 'm', baseURL });
    expect(origin(remote('http://sim-a.internal/v1'), 'http://127.0.0.1:4010')).not.toEqual(
      origin(remote('http://sim-b.internal/v1'), 'http://127.0.0.1:4010'),
    );
  });
});

describe('lintProfile', () => {
  it('explains thinking budget, temperature, cache and unsupported settings findings', () => {
    const anthropic = testProfile({
      provider: 'anthropic',
      runtime: 'anthropic-messages',
      model: 'claude-sonnet-4-5',
      maxOutputTokens: 2000,
      reasoning: { budgetTokens: 4000 },
      temperature: 0.2,
    });
    const findings = lintProfile(anthropic);
    expect(findings.map((finding) => finding.setting)).toEqual(expect.arrayContaining(['reasoning.budgetTokens', 'temperature']));

    const grok = testProfile({
      provider: 'openrouter',
      runtime: 'openrouter',
      model: 'x-ai/grok-4',
      reasoning: { effort: 'high' },
      cache: { policy: 'system', ttl: '1h' },
    });
    const settings = lintProfile(grok).map((finding) => finding.setting);
    expect(settings).toEqual(expect.arrayContaining(['reasoning.effort', 'cache', 'cache.ttl']));
  });
});
