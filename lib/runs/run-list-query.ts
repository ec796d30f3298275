/** Builds /runs URLs from filter values (client-safe; the server validates with list-runs.ts). */

export const RUN_LIST_PARAMS = ['provider', 'model', 'status', 'hasErrors', 'errorKind', 'from', 'to', 'limit', 'cursor'] as const;
export type RunListParamName = (typeof RUN_LIST_PARAMS)[number];
export type RunListFilterValues = Partial<Record<RunListParamName, string | undefined>>;

/** The parameters that filter the list (the cursor is a page of it). */
const FILTER_PARAMS = RUN_LIST_PARAMS.filter((name) => name !== 'cursor');

/** The filters of an address (a page's searchParams, or the browser's): each parameter's first value. */
export function runListFilterValues(params: URLSearchParams | Record<string, string | string[] | undefined>): RunListFilterValues {
  const first = (name: string) => {
    if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
    const value = params[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return Object.fromEntries(FILTER_PARAMS.map((name) => [name, first(name)]));
}

/** `?provider=…&…` in a stable order, empty values left out (`''` when nothing is set). */
export function runListQuery(values: RunListFilterValues): string {
  const query = new URLSearchParams();
  for (const name of RUN_LIST_PARAMS) {
    const value = values[name]?.trim();
    if (value) query.set(name, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const QUICK_RANGES = [
  { label: '1h', ms: 3_600_000 },
  { label: '24h', ms: 86_400_000 },
  { label: '7d', ms: 7 * 86_400_000 },
  { label: '30d', ms: 30 * 86_400_000 },
] as const;
