import type { Metadata } from 'next';
import Link from 'next/link';
import { listComparisons, parseComparisonListParams } from '@/lib/runs/list-comparisons';
import { isTerminalStatus } from '@/lib/runs/run-status';
import { database } from '@/lib/store/database';
import { AutoRefresh } from '@/app/runs/_components/AutoRefresh';
import { ComparisonsTable } from './_components/ComparisonsTable';
import styles from './_components/Compare.module.css';

export const metadata: Metadata = { title: 'Compare' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function HowToStart() {
  return (
    <div className={styles.empty} data-testid="comparisons-empty">
      <p>No comparisons yet. A comparison runs one task on several provider profiles side by side, aligned turn by turn.</p>
      <ul>
        <li>
          On <Link href="/runs/new?several=1">New run</Link>, choose <strong>Run on several profiles</strong>, tick 2–6 profiles (the
          Simulator profiles need no API key), describe the task and start it.
        </li>
        <li>
          On a run’s page, <strong>Compare on …</strong> runs its task on more profiles beside it; a fork or replay offers{' '}
          <strong>Compare with parent</strong>.
        </li>
        <li>
          From a script: <code>POST /api/comparisons</code> with{' '}
          <code>{'{"profileNames": ["simulator-chat", "simulator-anthropic"], "task": "…"}'}</code>.
        </li>
      </ul>
    </div>
  );
}

export default async function ComparePage({ searchParams }: Props) {
  const query = await searchParams;
  const parsed = parseComparisonListParams(query);
  const page = parsed.ok ? await listComparisons(database(), parsed.params) : null;
  const later = !!query.cursor;
  const active = !later && !!page?.comparisons.some((comparison) => comparison.members.some((member) => !isTerminalStatus(member.status)));

  return (
    <>
      <div className="page-heading">
        <h1>Compare</h1>
        <p className="muted">
          The same task on several profiles, side by side: cost, speed, errors and answers, turn by turn. Newest first.
        </p>
      </div>
      <section className={`panel ${styles.fit}`} aria-labelledby="comparisons-heading">
        <div className="panel-header">
          <h2 id="comparisons-heading">{later ? 'Comparisons (an older page)' : 'Comparisons'}</h2>
          <nav aria-label="Pages" className={styles.pager}>
            <AutoRefresh active={active} />
            {page?.newerPage ? (
              <>
                <Link href="/compare">← Newest</Link>
                {page.newerPage.cursor ? (
                  <Link href={`/compare?cursor=${page.newerPage.cursor}`} rel="prev">
                    ← Newer comparisons
                  </Link>
                ) : null}
              </>
            ) : null}
            {page?.nextCursor ? (
              <Link href={`/compare?cursor=${page.nextCursor}`} rel="next">
                Older comparisons →
              </Link>
            ) : null}
          </nav>
        </div>
        {!parsed.ok ? (
          <p role="alert" className="error-text">
            {parsed.message} <Link href="/compare">Show the newest comparisons</Link>
          </p>
        ) : page!.comparisons.length ? (
          <ComparisonsTable comparisons={page!.comparisons} />
        ) : later ? (
          <p className="muted">No comparisons on this page.</p>
        ) : (
          <HowToStart />
        )}
      </section>
    </>
  );
}
