import Link from 'next/link';
import { formatUtc } from '@/lib/telemetry/format';
import type { TelemetryData } from '@/lib/telemetry/types';
import styles from './EmptyState.module.css';

/** No provider calls in the window: say so, and point at what makes data appear. */
export function EmptyState({ data }: { data: TelemetryData }) {
  const filtered = !!(data.filters.provider || data.filters.model);
  return (
    <section className={`panel ${styles.empty}`} aria-labelledby="telemetry-empty-title" data-testid="telemetry-empty">
      <h2 id="telemetry-empty-title">No provider calls in this window</h2>
      <p>
        Nothing was recorded between {formatUtc(data.window.from)} and {formatUtc(data.window.to)}
        {filtered ? ' for the chosen provider and model' : ''}. Telemetry is built from the provider calls that runs make.
      </p>
      <p>
        <Link href="/runs/new" className={styles.cta}>
          Start a run
        </Link>{' '}
        <span className="muted">
          — the Simulator profile works without API keys — or choose a longer window{filtered ? ' or clear the filters' : ''}.
        </span>
      </p>
    </section>
  );
}
