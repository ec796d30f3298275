import type { ProviderCallView } from './run-detail';

/** One line of a turn's strip: the calls one profile made in that turn (several when a fallback switched). */
export type TurnStripEntry = {
  turnIndex: number;
  profileName: string;
  provider: string;
  runtime: string;
  model: string;
  /**
   * Of the last attempt: streamed (the provider began a stream) · not started (asked to stream, refused
   * before any stream began: a 429, an auth error, no connection) · fallback (streaming refused, answered
   * without) · not streamed.
   */
  delivery: 'streamed' | 'not started' | 'fallback' | 'not streamed';
  fallbackReason: string | null;
  status: 'ok' | 'error';
  errorKind: string | null;
  httpStatus: number | null;
  requestId: string | null;
  /** Of the last attempt. */
  latencyMs: number | null;
  ttftMs: number | null;
  /** Waited before retries (backoff, retry-after). */
  waitedMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Null: no attempt reported it. */
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  attempts: number;
  retries: number;
  /** Our estimate; null when no attempt has one. */
  costUsd: number | null;
  /** What the provider reported; null when it reported none. */
  providerCostUsd: number | null;
  calls: ProviderCallView[];
};

/** The sum of the values that were reported; null when none was (not reported is not 0). */
export function sumOfReported(values: ReadonlyArray<number | null>): number | null {
  const reported = values.filter((value): value is number => value !== null);
  return reported.length ? reported.reduce((total, value) => total + value, 0) : null;
}

/** Groups a turn's ProviderCall rows (one per attempt) by profile, in the order they ran. */
export function turnStrip(calls: readonly ProviderCallView[]): TurnStripEntry[] {
  const groups = new Map<string, ProviderCallView[]>();
  for (const call of calls) {
    const key = `${call.turnIndex}\u0000${call.profileName}`;
    const group = groups.get(key);
    if (group) group.push(call);
    else groups.set(key, [call]);
  }
  return [...groups.values()].map((group) => {
    const attempts = [...group].sort((a, b) => a.attempt - b.attempt || a.startedAt.localeCompare(b.startedAt));
    const last = attempts.at(-1)!;
    const sum = (pick: (call: ProviderCallView) => number) => attempts.reduce((total, call) => total + pick(call), 0);
    const sumReported = (pick: (call: ProviderCallView) => number | null) => sumOfReported(attempts.map(pick));
    return {
      turnIndex: last.turnIndex,
      profileName: last.profileName,
      provider: last.provider,
      runtime: last.runtime,
      model: last.modelServed ?? last.modelRequested,
      delivery: last.streamStarted ? 'streamed' : last.streamActual ? 'not started' : last.streamRequested ? 'fallback' : 'not streamed',
      fallbackReason: attempts.find((call) => call.fallbackReason)?.fallbackReason ?? null,
      status: last.status,
      errorKind: last.errorKind,
      httpStatus: last.httpStatus,
      requestId: last.requestId,
      latencyMs: last.latencyMs,
      ttftMs: last.ttftMs,
      waitedMs: sum((call) => call.waitBeforeMs),
      inputTokens: sum((call) => call.inputTokens),
      outputTokens: sum((call) => call.outputTokens),
      cacheReadTokens: sumReported((call) => call.cacheReadTokens),
      cacheWriteTokens: sumReported((call) => call.cacheWriteTokens),
      reasoningTokens: sumReported((call) => call.reasoningTokens),
      attempts: attempts.length,
      retries: attempts.length - 1,
      costUsd: sumReported((call) => call.costUsd),
      providerCostUsd: sumReported((call) => call.providerCostUsd),
      calls: attempts,
    };
  });
}
