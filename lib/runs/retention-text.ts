import type { RetentionNotice } from './retention-notice';

/** The runs list's line about runs that retention removed. Client-safe. */
export function retentionSentence(notice: RetentionNotice): string {
  return `Runs created before ${notice.removedBefore.slice(0, 10)} (UTC) were removed by retention (SWITCHBOARD_RETENTION_DAYS=${notice.retentionDays}); the telemetry charts keep their totals.`;
}
