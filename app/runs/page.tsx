import type { Metadata } from 'next';
import Link from 'next/link';
import { formatCount, formatTimestamp } from '@/lib/runs/format';
import { listRuns, parseRunListParams, runListNavigation, COUNT_CAP, type CallWindow, type RunListNavigation } from '@/lib/runs/list-runs';
import { retentionNotice } from '@/lib/runs/retention-notice';
import { retentionSentence } from '@/lib/runs/retention-text';
import { runFilterOptions } from '@/lib/runs/run-filter-options';
import { runListFilterValues, runListQuery } from '@/lib/runs/run-list-query';
import { database } from '@/lib/store/database';
import { AutoRefresh } from './_components/AutoRefresh';
import { RunFilters } from './_components/RunFilters';
import { RunsTable } from './_components/RunsTable';
import styles from './_components/RunsPage.module.css';
import { CONSOLE_PAGES } from '@/app/_components/console-pages';

export const metadata: Metadata = { title: CONSOLE_PAGES['/runs'] };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function windowSentence(window: CallWindow): string {
  const range =
    window.from && window.to
      ? `between ${formatTimestamp(window.from)} and ${formatTimestamp(window.to)} (to exclusive)`
      : window.from
        ? `since ${formatTimestamp(window.from)}`
        : `before ${formatTimestamp(window.to)}`;
  const about = [
    window.provider ? `provider ${window.provider}` : null,
    window.model ? `model ${window.model} (requested)` : null,
    window.errorKind ? `error kind ${window.errorKind}` : window.failedCallsOnly ? 'failed calls only' : null,
  ].filter(Boolean);
  return `Showing runs with provider calls ${range}${about.length ? ` — calls matching ${about.join(', ')}` : ''}. Runs are listed by creation time; a run created earlier appears if it called in this window, and runs that never made a call do not appear.`;
}

/** "Showing 50 of 1,000+ runs" — the page, then the (capped) number of runs matching the filters. */
function countHeading(shown: number, total: RunListNavigation['total'], later: boolean): string {
  const of = `${formatCount(total.count)}${total.atLeast ? '+' : ''}`;
  if (!shown) return later ? 'No runs on this page' : 'No runs';
  return `Showing ${formatCount(shown)} of ${of} run${total.count === 1 && !total.atLeast ? '' : 's'}${later ? ' (an older page)' : ''}`;
}

export default async function RunsPage({ searchParams }: Props) {
  const query = await searchParams;
  const values = runListFilterValues(query);
  const parsed = parseRunListParams(query);
  const db = database();
  const [page, navigation, options, retention] = await Promise.all([
    parsed.ok ? listRuns(db, parsed.params) : null,
    parsed.ok ? runListNavigation(db, parsed.params) : null,
    runFilterOptions(db),
    retentionNotice(db),
  ]);
  const hasCursor = !!single(query.cursor);
  // Provider and model match exactly: say so when the address names one no run has (a typo, an old link).
  const unknownValues = [
    values.provider && !options.providers.includes(values.provider) ? `provider “${values.provider}”` : null,
    values.model && !options.models.some((entry) => entry.model === values.model) ? `model “${values.model}”` : null,
  ].filter((text): text is string => !!text);

  return (
    <>
      <div className="page-heading">
        <h1>Runs</h1>
        <p className="muted">
          Newest first. Filters live in the address, so a filtered list can be bookmarked or shared; telemetry charts link here.
        </p>
      </div>

      <RunFilters values={values} options={options} />

      {!parsed.ok ? (
        <section className="panel" aria-labelledby="filter-error-heading">
          <h2 id="filter-error-heading">These filters cannot be applied</h2>
          <p role="alert" className="error-text" data-testid="filter-error">
            {parsed.message}
          </p>
          <p>
            <Link href="/runs">Clear all filters</Link>
          </p>
        </section>
      ) : (
        <section className="panel" aria-labelledby="runs-heading">
          <div className="panel-header">
            <h2 id="runs-heading" data-testid="runs-count">
              {countHeading(page!.runs.length, navigation!.total, hasCursor)}
              {navigation!.total.atLeast ? <span className={styles.countNote}> · counted up to {formatCount(COUNT_CAP)}</span> : null}
            </h2>
            <nav aria-label="Pages" className={styles.pager}>
              <AutoRefresh active={!hasCursor && page!.runs.some((run) => run.status === 'queued' || run.status === 'running')} />
              {navigation!.newerPage ? (
                <>
                  <Link href={`/runs${runListQuery(values)}`}>← Newest</Link>
                  {navigation!.newerPage.cursor ? (
                    <Link href={`/runs${runListQuery({ ...values, cursor: navigation!.newerPage.cursor })}`} rel="prev">
                      ← Newer runs
                    </Link>
                  ) : null}
                </>
              ) : null}
              {page!.runs.length ? (
                <a
                  href={`/api/runs/export.jsonl${runListQuery({ ...values, cursor: single(query.cursor) })}`}
                  download="runs.jsonl"
                  title="The runs of this page as OpenAI chat JSONL, one line per run"
                  data-testid="export-runs-jsonl"
                >
                  Export chat JSONL
                </a>
              ) : null}
              {page!.nextCursor ? (
                <Link href={`/runs${runListQuery({ ...values, cursor: page!.nextCursor })}`} rel="next">
                  Older runs →
                </Link>
              ) : null}
            </nav>
          </div>
          {page!.callWindow ? (
            <p className={styles.windowNote} data-testid="window-note">
              {windowSentence(page!.callWindow)}
            </p>
          ) : null}
          {unknownValues.length && !page!.runs.length ? (
            <p className="error-text" data-testid="unknown-filter-values">
              No run has {unknownValues.join(' or ')}: these filters match exact values. Choose one from the list above.
            </p>
          ) : null}
          <RunsTable runs={page!.runs} />
          {retention ? (
            <p className={styles.retentionNote} data-testid="retention-note">
              {retentionSentence(retention)}
            </p>
          ) : null}
        </section>
      )}
    </>
  );
}
