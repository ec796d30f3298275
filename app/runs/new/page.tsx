import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { listWorkspaceTemplates, profileUnavailableReason } from '@/lib/runs/run-context';
import { TOOL_NAMES } from '@/lib/tools/tool-names';
import { FAULT_SCENARIO_PRESETS } from '@/lib/config/fault-scenarios';
import { lintProfile } from '@/lib/config/lint-profile';
import { loadProfiles } from '@/lib/config/profiles';
import { NewRunForm, type ProfileOption } from './NewRunForm';
import { CONSOLE_PAGES } from '@/app/_components/console-pages';

export const metadata: Metadata = { title: CONSOLE_PAGES['/runs/new'] };
export const dynamic = 'force-dynamic';

export default async function NewRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { profiles } = loadProfiles();
  const options: ProfileOption[] = profiles.map((profile) => ({
    profile,
    disabledReason: profileUnavailableReason(profile, process.env),
    findings: lintProfile(profile),
  }));
  const requested = typeof params.profile === 'string' ? params.profile : undefined;
  return (
    <>
      <div className="page-heading">
        <h1>New run</h1>
        <p className="muted">
          Pick a provider profile, adjust its settings for this run, describe the task and start it. The Simulator profiles need no API key.
        </p>
      </div>
      <NewRunForm
        profiles={options}
        tools={[...TOOL_NAMES]}
        scenarios={[...FAULT_SCENARIO_PRESETS]}
        workspaceTemplates={listWorkspaceTemplates()}
        initialProfile={requested}
        initialSeveral={params.several === '1'}
        // One key per rendering: the server starts at most one run with it (lib/store/runs.ts, createRunOnce).
        idempotencyKey={randomUUID()}
      />
    </>
  );
}
