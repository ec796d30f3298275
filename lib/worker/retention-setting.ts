// SWITCHBOARD_RETENTION_DAYS: how long runs are kept. Unset (or empty): forever.

export const RETENTION_DAYS_VARIABLE = 'SWITCHBOARD_RETENTION_DAYS';

/** The retention limit in days, null to keep everything; a value that is not a whole number ≥ 1 is refused. */
export function readRetentionDays(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env[RETENTION_DAYS_VARIABLE]?.trim();
  if (!raw) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new Error(
      `${RETENTION_DAYS_VARIABLE} is a whole number of days (at least 1), or unset to keep every run: not “${raw.slice(0, 40)}”.`,
    );
  }
  return Number(raw);
}
