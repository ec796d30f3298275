import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BUILTIN_PROFILES } from './builtin-profiles';
import { registerProfileSecrets } from './profile-secrets';
import { providerProfileSchema, type ProviderProfile } from './profile-schema';

export const PROFILES_FILE = 'switchboard.profiles.json';

export type ProfileLoadError = { source: string; path: string; message: string };

/**
 * Built-in profiles plus those of `switchboard.profiles.json` (a JSON array; `SWITCHBOARD_PROFILES_FILE`
 * names another file); invalid ones are reported, not used.
 */
export function loadProfiles(cwd: string = process.cwd()): { profiles: ProviderProfile[]; errors: ProfileLoadError[] } {
  const errors: ProfileLoadError[] = [];
  const profiles = new Map<string, ProviderProfile>();
  const accept = (input: unknown, source: string) => {
    registerProfileSecrets([input]);
    const parsed = providerProfileSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ source, path: issue.path.join('.'), message: issue.message });
      return;
    }
    profiles.set(parsed.data.name, parsed.data);
  };
  BUILTIN_PROFILES.forEach((profile, index) => accept(profile, `built-in #${index}`));
  const file = process.env.SWITCHBOARD_PROFILES_FILE ? resolve(cwd, process.env.SWITCHBOARD_PROFILES_FILE) : join(cwd, PROFILES_FILE);
  if (existsSync(file)) {
    try {
      const list = z.array(z.unknown()).parse(JSON.parse(readFileSync(file, 'utf8')));
      list.forEach((profile, index) => accept(profile, `${PROFILES_FILE} #${index}`));
    } catch (error) {
      errors.push({ source: PROFILES_FILE, path: '', message: `not a JSON array of profiles: ${(error as Error).message}` });
    }
  }
  return { profiles: [...profiles.values()], errors };
}
