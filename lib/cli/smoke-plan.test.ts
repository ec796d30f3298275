import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { lintProfile } from '@/lib/config/lint-profile';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { missingKey, planSmoke, selectProfiles, SMOKE_ANSWER_TOKENS, SMOKE_REASONING_TOKENS, SMOKE_TOOL_TOKENS } from './smoke-plan';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const byName = (name: string) => profiles.find((profile) => profile.name === name)!;
const builtins = new Set(profiles.map((profile) => profile.name));

describe('planSmoke', () => {
  it('caps output tokens and sends temperature 0 to a model that accepts it', () => {
    const plan = planSmoke(byName('openai-gpt-4.1'), { stream: false, tools: false });
    expect(plan.input.overrides).toEqual({ stream: false, maxOutputTokens: SMOKE_ANSWER_TOKENS, temperature: 0 });
    expect(plan.input.options).toEqual({ maxTurns: 1, tools: [] });
    expect(plan.effective).toMatchObject({ temperature: 0, maxOutputTokens: 64, stream: false });
    expect(plan.temperatureNote).toBeNull();
  });

  it('leaves temperature out where the lint says the model refuses it (reasoning models, thinking)', () => {
    for (const name of ['openai-gpt-5-responses', 'simulator-anthropic', 'simulator-openrouter']) {
      const plan = planSmoke(byName(name), { stream: true, tools: false });
      expect(plan.input.overrides?.temperature, name).toBeUndefined();
      expect(plan.temperatureNote, name).toMatch(/temperature/);
      expect(
        lintProfile(plan.effective).filter((finding) => finding.severity === 'error'),
        name,
      ).toEqual([]);
    }
  });

  it('turns reasoning down and leaves room for it: effort low, Anthropic’s minimum budget below max tokens', () => {
    const responses = planSmoke(byName('openai-gpt-5-responses'), { stream: true, tools: false });
    expect(responses.effective.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    expect(responses.effective.maxOutputTokens).toBe(SMOKE_ANSWER_TOKENS + SMOKE_REASONING_TOKENS);
    const anthropic = planSmoke(byName('simulator-anthropic'), { stream: true, tools: true });
    expect(anthropic.effective.reasoning).toEqual({ budgetTokens: 1024 });
    expect(anthropic.effective.maxOutputTokens).toBe(SMOKE_TOOL_TOKENS + SMOKE_REASONING_TOKENS);
    expect(anthropic.effective.cache).toEqual({ policy: 'system+tools', ttl: '5m' });
  });

  it('asks for one tool round trip with --tools', () => {
    const plan = planSmoke(byName('simulator-chat'), { stream: true, tools: true });
    expect(plan.input.task).toContain('list_files');
    expect(plan.input.options).toEqual({ maxTurns: 3, tools: ['list_files'] });
    expect(plan.effective.stream).toBe(true);
  });
});

describe('selectProfiles', () => {
  it('--all picks the built-in real profiles, --simulator the Simulator ones, --profile by name', () => {
    const all = selectProfiles(profiles, builtins, { profiles: [], all: true, simulator: false });
    expect(all.ok && all.profiles.map((profile) => profile.provider)).not.toContain('simulator');
    expect(all.ok && all.profiles).toHaveLength(5);
    const simulator = selectProfiles(profiles, builtins, { profiles: ['openai-gpt-4.1'], all: false, simulator: true });
    expect(simulator.ok && simulator.profiles.map((profile) => profile.name)).toEqual([
      'simulator-chat',
      'simulator-responses',
      'simulator-anthropic',
      'simulator-openrouter',
      'openai-gpt-4.1',
    ]);
    expect(simulator.ok && simulator.simulator).toBe(true);
  });

  it('names the valid profiles when one is unknown, and asks for a choice when none is made', () => {
    const unknown = selectProfiles(profiles, builtins, { profiles: ['gpt-9'], all: false, simulator: false });
    expect(unknown).toEqual({
      ok: false,
      message: expect.stringMatching(/^Unknown profile: "gpt-9"\. Profiles: simulator-chat, .*openrouter-grok-4\.$/),
    });
    expect(selectProfiles(profiles, builtins, { profiles: [], all: false, simulator: false }).ok).toBe(false);
  });
});

describe('missingKey', () => {
  it('names the variable, never a value', () => {
    expect(missingKey(byName('anthropic-claude-sonnet'), {})).toBe('skipped: no key for anthropic (ANTHROPIC_API_KEY is not set)');
    expect(missingKey(byName('anthropic-claude-sonnet'), { ANTHROPIC_API_KEY: '  ' })).toMatch(/^skipped: no key for anthropic/);
    expect(missingKey(byName('anthropic-claude-sonnet'), { ANTHROPIC_API_KEY: 'sk-ant-x' })).toBeNull();
    expect(missingKey(byName('simulator-chat'), {})).toBeNull();
  });
});
