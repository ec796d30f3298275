import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getComparisonPage } from '@/lib/runs/comparison-page';
import { parseRunId } from '@/lib/runs/run-id';
import { database } from '@/lib/store/database';
import { ComparisonLive } from './_components/ComparisonLive';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Comparison ${id.slice(0, 8)}` };
}

export default async function ComparisonPage({ params }: Props) {
  // Comparison ids are UUIDs like run ids: a malformed one names no comparison (404).
  const parsed = parseRunId((await params).id);
  if (!parsed.ok) notFound();
  const page = await getComparisonPage(database(), parsed.id);
  if (!page) notFound();
  return <ComparisonLive page={page} />;
}
