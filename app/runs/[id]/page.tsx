import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
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
  const db = database();
  const detail = await getRunDetail(db, parsed.id);
  if (!detail) notFound();
  // The first render replays the log through the same reducer as the live view; the stream continues after it.
  const events = await listRunEvents(db, parsed.id);
  return <RunView initialDetail={detail} initialEvents={events} />;
}
