import type { ProviderCallView } from './run-detail';

/** One line of a turn's strip: the calls one profile made in that turn (several when a fallback switched). */
export type TurnStripEntry = {
  turnIndex: number;
  profileName: string;
  provider: string;
  runtime: string;
  model: string;
  /** streamed · fallback (streaming refused, answered without) · not streamed */
  delivery: 'streamed' | 'fallback' | 'not streamed';
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
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  attempts: number;
  retries: number;
  costUsd: number | null;
  calls: ProviderCallView[];
};

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
    const costs = attempts.map((call) => call.costUsd).filter((cost): cost is number => cost !== null);
    return {
      turnIndex: last.turnIndex,
      profileName: last.profileName,
      provider: last.provider,
      runtime: last.runtime,
      model: last.modelServed ?? last.modelRequested,
      delivery: last.streamActual ? 'streamed' : last.streamRequested ? 'fallback' : 'not streamed',
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
      cacheReadTokens: sum((call) => call.cacheReadTokens),
      cacheWriteTokens: sum((call) => call.cacheWriteTokens),
      reasoningTokens: sum((call) => call.reasoningTokens),
      attempts: attempts.length,
      retries: attempts.length - 1,
      costUsd: costs.length ? costs.reduce((total, cost) => total + cost, 0) : null,
      calls: attempts,
    };
  });
}
