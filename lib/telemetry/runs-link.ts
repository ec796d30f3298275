// Links from a chart point to the runs behind it. The runs page reads exactly these search
// params: provider, model, status, hasErrors (1), errorKind, from, to (ISO), cursor.
import { bucketRange } from './buckets';

export type RunsLink = {
  from: Date | string;
  to: Date | string;
  provider?: string;
  model?: string;
  /** Only runs that recorded errors. */
  hasErrors?: boolean;
  errorKind?: string;
};

export function runsHref(link: RunsLink): string {
  const params = new URLSearchParams({
    from: new Date(link.from).toISOString(),
    to: new Date(link.to).toISOString(),
  });
  if (link.provider) params.set('provider', link.provider);
  if (link.model) params.set('model', link.model);
  if (link.hasErrors || link.errorKind) params.set('hasErrors', '1');
  if (link.errorKind) params.set('errorKind', link.errorKind);
  return `/runs?${params.toString()}`;
}

/** The runs behind one bucket of a chart (the bucket clamped to the window). */
export function bucketRunsHref(
  bucketIso: string,
  context: { bucketSeconds: number; from: string; to: string; provider?: string | null; model?: string | null },
  extra: Pick<RunsLink, 'hasErrors' | 'errorKind' | 'provider' | 'model'> = {},
): string {
  const range = bucketRange(bucketIso, context.bucketSeconds, context);
  return runsHref({
    ...range,
    ...(context.provider ? { provider: context.provider } : {}),
    ...(context.model ? { model: context.model } : {}),
    ...extra,
  });
}
