import 'server-only';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import { resolveRuntimeConfig } from '@/lib/config/runtime-config';
import { WORKSPACE_TEMPLATE_NAME, type StartRunContext } from './run-input';

/** Where the workspace templates live (the conductor copies `<dir>/<name>` into a run's workspace). */
const WORKSPACE_TEMPLATES_DIR = join(process.cwd(), 'workspace-templates');

/** The template folders a run can start from, sorted; none when the folder is missing. */
export function listWorkspaceTemplates(dir: string = WORKSPACE_TEMPLATES_DIR): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && WORKSPACE_TEMPLATE_NAME.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Why a profile cannot run on this server (its key is not set), or null. Simulator profiles need nothing. */
export function profileUnavailableReason(profile: ProviderProfile, env: Record<string, string | undefined>): string | null {
  if (profile.provider === 'simulator') return null;
  const resolved = resolveRuntimeConfig(profile, env);
  return resolved.ok ? null : resolved.reason;
}

/** The server's lists a new run is validated against (`startRunSchemaFor`), for the form and for `createRun`. */
export function startRunContext(
  profiles: ProviderProfile[],
  env: Record<string, string | undefined> = process.env,
  workspaceTemplates: string[] = listWorkspaceTemplates(),
): StartRunContext {
  return {
    profiles: profiles.map((profile) => ({
      name: profile.name,
      label: profile.label,
      disabledReason: profileUnavailableReason(profile, env),
    })),
    workspaceTemplates,
  };
}
