import { providerRuntimes } from '@/lib/providers/registry';
import type { ProviderProfile } from './profile-schema';
import { requestSettings } from './runtime-config';

export type LintFinding = { severity: 'error' | 'warning' | 'info'; setting: string; message: string };

/** What a provider would refuse or ignore in a profile, each with its reason. */
export function lintProfile(profile: ProviderProfile): LintFinding[] {
  const findings: LintFinding[] = [];
  const anthropic = profile.runtime === 'anthropic-messages';
  if (anthropic && profile.temperature !== undefined && profile.temperature > 1) {
    findings.push({ severity: 'error', setting: 'temperature', message: `Anthropic accepts temperature 0–1; ${profile.temperature} is out of range.` });
  }
  const budget = profile.reasoning?.budgetTokens;
  if (anthropic && budget !== undefined) {
    const maxTokens = profile.maxOutputTokens ?? 4096;
    if (budget < 1024) findings.push({ severity: 'error', setting: 'reasoning.budgetTokens', message: `Anthropic needs a thinking budget of at least 1024 tokens; ${budget} is too small.` });
    if (budget >= maxTokens) {
      findings.push({ severity: 'error', setting: 'reasoning.budgetTokens', message: `The thinking budget (${budget}) must be below max tokens (${maxTokens}): the answer would get no tokens.` });
    }
  }
  if (profile.cache && profile.cache.policy !== 'off' && !anthropic) {
    findings.push({
      severity: 'info',
      setting: 'cache',
      message: `${profile.runtime} caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.`,
    });
  }
  if (profile.cache?.ttl && !anthropic) {
    findings.push({ severity: 'warning', setting: 'cache.ttl', message: 'Cache TTLs (5m / 1h) exist only for Anthropic prompt caching.' });
  }
  if (profile.threading === 'previous-response-id' && profile.runtime !== 'openai-responses') {
    findings.push({ severity: 'warning', setting: 'threading', message: 'previous_response_id threading exists only in the OpenAI Responses API.' });
  }
  const runtime = providerRuntimes.get(profile.runtime);
  for (const setting of runtime.unsupportedSettings({ ...requestSettings(profile), messages: [] })) {
    findings.push({
      severity: 'warning',
      setting,
      message: `${profile.model} on ${profile.runtime} does not accept ${setting}: it is reported and not sent.`,
    });
  }
  return findings;
}
