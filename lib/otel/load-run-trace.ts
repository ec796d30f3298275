import type { Database } from '@/lib/store/database';
import type { RunTraceRows } from './run-spans';

/** The rows a run's trace is built from; null when there is no such run. */
export async function loadRunTraceRows(db: Database, runId: string, withMessages: boolean): Promise<RunTraceRows | null> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      status: true,
      profileName: true,
      provider: true,
      runtime: true,
      model: true,
      profile: true,
      options: true,
      resumeCount: true,
      errorKind: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
  });
  if (!run) return null;
  const [turns, providerCalls, toolCalls, messages] = await Promise.all([
    db.turn.findMany({
      where: { runId },
      orderBy: { index: 'asc' },
      select: { id: true, index: true, status: true, finishReason: true, startedAt: true, finishedAt: true },
    }),
    db.providerCall.findMany({
      where: { runId },
      orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }],
      select: {
        id: true,
        turnId: true,
        attempt: true,
        runtime: true,
        provider: true,
        profileName: true,
        modelRequested: true,
        modelServed: true,
        streamRequested: true,
        streamActual: true,
        fallbackReason: true,
        status: true,
        errorKind: true,
        httpStatus: true,
        requestId: true,
        responseId: true,
        finishReason: true,
        waitBeforeMs: true,
        retryAfterMs: true,
        startedAt: true,
        endedAt: true,
        ttftMs: true,
        inputTokens: true,
        cacheReadTokens: true,
        cacheWriteTokens: true,
        outputTokens: true,
        reasoningTokens: true,
        costUsd: true,
      },
    }),
    db.toolCall.findMany({
      where: { runId },
      orderBy: { startedAt: 'asc' },
      select: {
        id: true,
        turnId: true,
        providerCallId: true,
        name: true,
        rawArguments: true,
        arguments: withMessages,
        result: true,
        isError: true,
        startedAt: true,
        finishedAt: true,
      },
    }),
    withMessages
      ? db.message.findMany({
          where: { runId },
          orderBy: { position: 'asc' },
          select: { position: true, role: true, turnId: true, content: true, createdAt: true },
        })
      : Promise.resolve([]),
  ]);
  return {
    run,
    turns,
    providerCalls: providerCalls.map((call) => ({ ...call, costUsd: call.costUsd === null ? null : Number(call.costUsd) })),
    // Without content capture, a tool call's error code is all a span takes from its result.
    toolCalls: toolCalls.map((call) => ({ ...call, arguments: call.arguments ?? null, result: call.result ?? null })),
    messages,
  };
}
