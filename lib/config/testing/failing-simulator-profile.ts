// Test support: a Simulator profile whose every call meets a scripted fault.
import { providerProfileSchema, type ProviderProfile, type ProviderProfileInput } from '../profile-schema';

/**
 * A Simulator profile on the Anthropic Messages runtime (sim-claude) answering with `simulatorScenario`,
 * retried at most once after a millisecond wait, so that a run on it fails (or falls back) fast.
 */
export function failingSimulatorProfile(
  name: string,
  simulatorScenario: string,
  settings: Partial<ProviderProfileInput> = {},
): ProviderProfile {
  return providerProfileSchema.parse({
    name,
    label: `Simulator answering ${simulatorScenario}`,
    provider: 'simulator',
    runtime: 'anthropic-messages',
    model: 'sim-claude',
    simulatorScenario,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...settings,
  });
}
