import { lintSettings, type SettingFinding } from '@/lib/providers/core/settings-lint';
import { providerRuntimes } from '@/lib/providers/registry';
import type { ProviderProfile } from './profile-schema';
import { requestSettings } from './runtime-config';

export type LintFinding = SettingFinding;

/** What the profile's provider would refuse or ignore, each with its reason: the runtime's rules (lib/providers/<runtime>/). */
export function lintProfile(profile: ProviderProfile): LintFinding[] {
  return lintSettings(providerRuntimes.get(profile.runtime), { ...requestSettings(profile), messages: [] });
}
