import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { services } from '@/lib/agent/services';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
import { parseRunId } from '@/lib/runs/run-id';
import { RunView } from './_components/RunView';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id.slice(0, 8)}` };
}

export default async function RunPage({ params }: Props) {
  const parsed = parseRunId((await params).id);
  if (!parsed.ok) {
    return (
      <section className="panel" aria-labelledby="bad-run-heading">
        <h1 id="bad-run-heading">Not a run address</h1>
        <p role="alert" className="error-text">{parsed.message}</p>
        <p>
          <Link href="/runs">Back to the runs</Link>
        </p>
      </section>
    );
  }
  const { db } = services();
  const detail = await getRunDetail(db, parsed.id);
  if (!detail) notFound();
  // The first render replays the log through the same reducer as the live view; the stream continues after it.
  const events = await listRunEvents(db, parsed.id);
  return <RunView initialDetail={detail} initialEvents={events} />;
}
