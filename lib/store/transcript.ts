import type { Message, ReasoningPart } from '@/lib/providers/core/types';
import { redactText } from '@/lib/redaction/redact';
import type { Database } from './prisma';

/**
 * Messages are stored in normalized form. Text, tool arguments and tool output are redacted; the
 * opaque reasoning blobs are kept byte for byte, since the provider requires them back as issued.
 */
export function redactMessage(message: Message): Message {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: redactText(message.content) };
    case 'user':
      return { role: 'user', content: message.content.map((part) => (part.type === 'text' ? { ...part, text: redactText(part.text) } : part)) };
    case 'tool':
      return {
        role: 'tool',
        content: message.content.map((part) => ({
          ...part,
          output: typeof part.output === 'string' ? redactText(part.output) : JSON.parse(redactText(JSON.stringify(part.output ?? null))),
        })),
      };
    case 'assistant':
      return {
        ...message,
        content: message.content.map((part) => {
          if (part.type === 'text') return { ...part, text: redactText(part.text) };
          if (part.type === 'tool-call') return { ...part, rawArguments: redactText(part.rawArguments), arguments: JSON.parse(redactText(JSON.stringify(part.arguments))) };
          return part.text ? ({ ...part, text: redactText(part.text) } satisfies ReasoningPart) : part;
        }),
      };
  }
}

/** Appends after the run's last message; `db` may be a transaction (a turn commits its messages with its status). */
export async function appendMessages(db: Pick<Database, 'message'>, runId: string, turnId: string | null, messages: Message[]): Promise<void> {
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

export async function loadConversation(db: Database, runId: string): Promise<Message[]> {
  const rows = await db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } });
  return rows.map((row) => row.content as unknown as Message);
}
