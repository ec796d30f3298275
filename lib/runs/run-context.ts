import 'server-only';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import { resolveRuntimeConfig } from '@/lib/config/runtime-config';
import { WORKSPACE_TEMPLATE_NAME, type StartRunContext } from './run-input';

/**
 * The template folders a run can start from (the conductor copies `workspace-templates/<name>` into a
 * run's workspace), sorted; none when the folder is missing. The path is written out in the call:
 * the build's file tracer then follows that folder alone, not the whole project.
 */
export function listWorkspaceTemplates(): string[] {
  try {
    return readdirSync(join(process.cwd(), 'workspace-templates'), { withFileTypes: true })
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
