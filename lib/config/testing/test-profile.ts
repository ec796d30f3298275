// Test support: a provider profile made of just the settings a test is about.
import { providerProfileSchema, type ProviderProfile, type ProviderProfileInput } from '../profile-schema';

/** The variable each provider's key is usually read from (the Simulator needs none). */
const KEY_VARIABLES = {
  openai: 'OPENAI_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  simulator: undefined,
} as const;

/** Profile "p" with `input`'s provider, runtime, model and settings, its key read from the provider's usual variable. */
export function testProfile(input: Omit<ProviderProfileInput, 'name' | 'label' | 'apiKeyEnv'>): ProviderProfile {
  return providerProfileSchema.parse({ name: 'p', label: 'P', apiKeyEnv: KEY_VARIABLES[input.provider], ...input });
}
