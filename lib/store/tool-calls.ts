import { redact, redactText } from '@/lib/redaction/redact';
import type { Prisma } from './generated/prisma/client';

/** One tool call of a turn as it ran: `arguments` when they were JSON, `validationErrors` when the tool refused them. */
export type ToolCallRecord = {
  providerCallId: string;
  name: string;
  rawArguments: string;
  arguments?: object;
  validationErrors?: object;
  result: object;
  isError: boolean;
  durationMs: number;
  startedAt: Date;
  finishedAt: Date;
};

/** The ToolCall rows of a turn, redacted; `tx` is the fenced write that ends the turn. */
export async function insertToolCalls(
  tx: Prisma.TransactionClient,
  runId: string,
  turnId: string,
  records: ToolCallRecord[],
): Promise<void> {
  await tx.toolCall.createMany({
    data: records.map((record) => ({
      runId,
      turnId,
      providerCallId: record.providerCallId,
      name: redactText(record.name),
      rawArguments: redactText(record.rawArguments),
      arguments: record.arguments === undefined ? undefined : redact(record.arguments),
      validationErrors: record.validationErrors === undefined ? undefined : redact(record.validationErrors),
      result: redact(record.result),
      isError: record.isError,
      durationMs: record.durationMs,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
    })),
  });
}
