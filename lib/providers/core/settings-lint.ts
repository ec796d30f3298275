import type { ProviderRuntime } from './runtime';
import type { ProviderRequest, RuntimeId } from './types';

/** One thing a provider would refuse or ignore in a request's settings, and why (a person reads it). */
export type SettingFinding = { severity: 'error' | 'warning' | 'info'; setting: string; message: string };

/** A rule a runtime keeps about the settings it is given; `runtime` is the id of the runtime applying it. */
export type SettingsRule = (request: ProviderRequest, runtime: RuntimeId) => SettingFinding[];

/**
 * What a runtime would refuse or ignore in these settings: its own rules in their order, then each
 * setting it cannot send (reported and not sent, see `unsupportedSettings`).
 */
export function lintSettings(runtime: ProviderRuntime, request: ProviderRequest): SettingFinding[] {
  const findings = runtime.settingsRules.flatMap((rule) => rule(request, runtime.id));
  for (const setting of runtime.unsupportedSettings(request)) {
    findings.push({
      severity: 'warning',
      setting,
      message: `${request.model} on ${runtime.id} does not accept ${setting}: it is reported and not sent.`,
    });
  }
  return findings;
}

// Settings only some runtimes honour; each runtime that does not lists the rules that say so.

/** Cache breakpoints are Anthropic's; the other providers cache long prompts by themselves. */
export const ignoresCachePolicy: SettingsRule = (request, runtime) =>
  request.cache && request.cache.policy !== 'off'
    ? [
        {
          severity: 'info',
          setting: 'cache',
          message: `${runtime} caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.`,
        },
      ]
    : [];

export const ignoresCacheTtl: SettingsRule = (request) =>
  request.cache?.ttl
    ? [{ severity: 'warning', setting: 'cache.ttl', message: 'Cache TTLs (5m / 1h) exist only for Anthropic prompt caching.' }]
    : [];

export const ignoresPreviousResponseId: SettingsRule = (request) =>
  request.threading === 'previous-response-id'
    ? [{ severity: 'warning', setting: 'threading', message: 'previous_response_id threading exists only in the OpenAI Responses API.' }]
    : [];
