import { describeCallError } from '@/lib/run-events/call-error-text';
import { formatDuration } from './format';
import type { ProviderCallView } from './run-detail';

/** Why one attempt of a turn happened, in the words the run page and the CLI show. Client-safe. */
export type AttemptAudit = {
  /** first attempt · retry · without streaming · fallback */
  cause: string;
  /** What ended the attempt before it: kind and status, before or after its stream began. */
  after: string | null;
  /** The wait before it: retry-after honoured, or our backoff. */
  wait: string | null;
  /** On a call's first attempt: every profile of the chain as it stood (cooling until …). */
  chain: string | null;
};

function ended(previous: ProviderCallView): string {
  const failure = describeCallError(previous.errorKind ?? 'error', previous.httpStatus);
  const when = previous.streamStarted ? 'after its stream began' : 'before any stream began';
  return `${previous.profileName} #${previous.attempt}: ${failure}, ${when}`;
}

function waited(call: ProviderCallView): string | null {
  if (!call.waitBeforeMs) return null;
  const wait = formatDuration(call.waitBeforeMs);
  if (call.retryAfterMs === null) return `${wait} (our backoff)`;
  return call.waitBeforeMs >= call.retryAfterMs
    ? `${wait} (retry-after ${formatDuration(call.retryAfterMs)} honoured)`
    : `${wait} (retry-after ${formatDuration(call.retryAfterMs)} capped)`;
}

function chainText(call: ProviderCallView): string | null {
  if (!call.chainState?.length) return null;
  return call.chainState
    .map((entry) => {
      if (entry.state === 'cooling') return `${entry.profile} cooling until ${entry.coolingUntil?.slice(11, 19) ?? '?'} UTC`;
      if (entry.state === 'skipped') return `${entry.profile} skipped (${entry.reason ?? 'not callable'})`;
      return `${entry.profile} ${entry.state}`;
    })
    .join(' · ');
}

/** The audit of each attempt of one turn, in the order they started (the calls of every profile of the turn). */
export function auditTurn(calls: readonly ProviderCallView[]): Map<ProviderCallView, AttemptAudit> {
  const ordered = [...calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.attempt - b.attempt);
  const audits = new Map<ProviderCallView, AttemptAudit>();
  ordered.forEach((call, index) => {
    const previous = index > 0 ? ordered[index - 1]! : null;
    const cause =
      call.cause === 'retry'
        ? 'retry'
        : call.cause === 'stream-fallback'
          ? 'without streaming'
          : call.cause === 'profile-fallback'
            ? `fallback: ${call.profileName} took over`
            : 'first attempt';
    audits.set(call, { cause, after: call.cause && previous ? ended(previous) : null, wait: waited(call), chain: chainText(call) });
  });
  return audits;
}
