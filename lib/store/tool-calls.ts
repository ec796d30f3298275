import { redact, redactText } from '@/lib/redaction/redact';
import type { FencedRows } from './fenced-rows';
import type { Prisma } from './generated/prisma/client';
import { newRowId } from './uuid7';

/** One tool call of a turn as it ran: `arguments` when they were JSON, `validationErrors` when the tool refused them. */
export type ToolCallRecord = {
  providerCallId: string;
  name: string;
  rawArguments: string;
  arguments?: object;
  validationErrors?: object;
  result: object;
  isError: boolean;
  /** A replay served `result` from the recording: the tool did not run. */
  replayed?: boolean;
  durationMs: number;
  startedAt: Date;
  finishedAt: Date;
};

/** The ToolCall rows of a turn, redacted, for the fenced write that ends the turn. */
export function toolCallRows(turnId: string, records: ToolCallRecord[]): NonNullable<FencedRows['toolCalls']> {
  return records.map((record) => ({
    id: newRowId(),
    turnId,
    providerCallId: record.providerCallId,
    name: redactText(record.name),
    rawArguments: redactText(record.rawArguments),
    arguments: record.arguments === undefined ? null : redact(record.arguments),
    validationErrors: record.validationErrors === undefined ? null : redact(record.validationErrors),
    result: redact(record.result),
    isError: record.isError,
    replayed: record.replayed ?? false,
    durationMs: record.durationMs,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  }));
}

/** A tool call as a run recorded it, for a replay to compare and serve. */
export type RecordedToolCall = { name: string; arguments: unknown; rawArguments: string; result: unknown; isError: boolean };

/**
 * The tool calls a run recorded, per turn index, each turn's in the order they ran (valid calls
 * first, then the ones with unreadable arguments, as the conductor runs them). Stored redacted.
 */
export async function recordedToolCallsByTurn(
  db: Pick<Prisma.TransactionClient, 'toolCall'>,
  runId: string,
): Promise<Map<number, RecordedToolCall[]>> {
  const rows = await db.toolCall.findMany({
    where: { runId },
    orderBy: [{ turn: { index: 'asc' } }, { startedAt: 'asc' }, { id: 'asc' }],
    select: { name: true, arguments: true, rawArguments: true, result: true, isError: true, turn: { select: { index: true } } },
  });
  const byTurn = new Map<number, RecordedToolCall[]>();
  for (const row of rows) {
    const list = byTurn.get(row.turn.index) ?? [];
    list.push({ name: row.name, arguments: row.arguments, rawArguments: row.rawArguments, result: row.result, isError: row.isError });
    byTurn.set(row.turn.index, list);
  }
  return byTurn;
}
