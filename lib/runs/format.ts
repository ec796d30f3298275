/** Display helpers shared by the runs list and the run page. Pure and deterministic (server = client). */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * How much of a task the lists (runs, comparisons) carry: a task of a paragraph whole — its row
 * cuts it to a line and shows it all on hover and focus — a longer one cut with "…" (its page has it all).
 */
export const LIST_TASK_CHARS = 500;

export function taskPreview(task: string): string {
  return task.length > LIST_TASK_CHARS ? `${task.slice(0, LIST_TASK_CHARS - 1)}…` : task;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** A run's estimated cost: "no price" when it used tokens of a model with no known price (unknown, never $0). */
export function formatRunCost(run: { costUsd: number | null; inputTokens: number; outputTokens: number }): string {
  if (run.costUsd === null) return run.inputTokens + run.outputTokens > 0 ? 'no price' : '—';
  return formatCost(run.costUsd);
}

/** Tokens in and out: `1,234 / 56`. */
export function formatTokensInOut(usage: { inputTokens: number | null; outputTokens: number | null }): string {
  return `${formatCount(usage.inputTokens)} / ${formatCount(usage.outputTokens)}`;
}

/** The estimated cost, marked so, and what the providers reported when they did: `$0.12 est. · $0.11 reported`, `no price`. */
export function formatCostReport(cost: {
  costUsd: number | null;
  providerCostUsd: number | null;
  inputTokens: number;
  outputTokens: number;
}): string {
  const estimate = cost.costUsd === null ? formatRunCost(cost) : `${formatCost(cost.costUsd)} est.`;
  return cost.providerCostUsd === null ? estimate : `${estimate} · ${formatCost(cost.providerCostUsd)} reported`;
}

/** A count a provider may not report: "not reported" (never 0) when it did not. */
export function formatReportedCount(value: number | null | undefined): string {
  return value === null || value === undefined ? 'not reported' : integer.format(value);
}

/** 12 ms · 3.4 s · 2 m 05 s · 1 h 02 m */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} m ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** $0 · $0.0012 · $1.23 — small costs keep their significant digits. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 100 ? 2 : 0)}`;
}

/** `2025-11-26 06:57:12 UTC` — the same text on the server and in the browser (no locale, no zone drift). */
export function formatTimestamp(iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `06:57:12 UTC` — a time of day, the same text on the server and in the browser (whatever their zone and locale). */
export function formatClockTime(iso: string | Date | null | undefined): string {
  const text = formatTimestamp(iso);
  return text === '—' ? text : text.slice(11);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
