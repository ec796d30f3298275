import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadProfiles } from '@/lib/config/profiles';
import { profileUnavailableReason } from '@/lib/runs/run-context';
import { getRunPage } from '@/lib/runs/run-detail';
import { parseRunId } from '@/lib/runs/run-id';
import { database } from '@/lib/store/database';
import { RunView } from './_components/RunView';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id.slice(0, 8)}` };
}

export default async function RunPage({ params }: Props) {
  const parsed = parseRunId((await params).id);
  // A malformed id names no run either: 404 with the not-found page (which says what an id looks like).
  if (!parsed.ok) notFound();
  // The rows and the log of one snapshot; the first render replays the log through the same
  // reducer as the live view, and the stream continues after it.
  const page = await getRunPage(database(), parsed.id);
  if (!page) notFound();
  const profiles = loadProfiles().profiles.map((profile) => ({
    name: profile.name,
    label: profile.label,
    disabledReason: profileUnavailableReason(profile, process.env),
  }));
  return <RunView initialDetail={page.detail} initialEvents={page.events} profiles={profiles} />;
}
