import type { Message, ReasoningPart } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';
import type { Database } from './database';
import type { MessageRow } from './fenced-rows';
import { newRowId } from './uuid7';

/**
 * Messages are stored in normalized form, redacted and storable. The opaque reasoning blobs
 * (`encrypted`, `signature`) are kept byte for byte: the provider requires them back as issued.
 */
function redactMessage(message: Message): Message {
  if (message.role !== 'assistant') return redact(message);
  return {
    ...message,
    content: message.content.map((part) => {
      if (part.type !== 'reasoning') return redact(part);
      const { encrypted, signature, ...rest } = part;
      return {
        ...redact(rest),
        ...(encrypted !== undefined ? { encrypted } : {}),
        ...(signature !== undefined ? { signature } : {}),
      } satisfies ReasoningPart;
    }),
  };
}

/** Appends after the run's last message; `db` may be a transaction (a turn commits its messages with its status). */
export async function appendMessages(
  db: Pick<Database, 'message'>,
  runId: string,
  turnId: string | null,
  messages: Message[],
): Promise<void> {
  if (!messages.length) return;
  const last = await db.message.aggregate({ where: { runId }, _max: { position: true } });
  const start = (last._max.position ?? -1) + 1;
  await db.message.createMany({
    data: messages.map((message, index) => ({
      runId,
      turnId,
      position: start + index,
      role: message.role,
      content: redactMessage(message) as unknown as object,
    })),
  });
}

/** Messages for a fenced write, redacted: positions count from 0 after the run's last message (the statement adds it). */
export function messageRows(turnId: string | null, messages: Message[]): MessageRow[] {
  return messages.map((message, index) => ({
    id: newRowId(),
    turnId,
    position: index,
    role: message.role,
    content: redactMessage(message),
  }));
}

export async function loadConversation(db: Database, runId: string): Promise<Message[]> {
  const rows = await db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } });
  return rows.map((row) => row.content as unknown as Message);
}
