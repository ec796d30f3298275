import 'server-only';
import type { Message } from '@/lib/providers/core/types';
import { redactText } from '@/lib/redaction/redact';
import type { Database } from '@/lib/store/database';

/** The text of the run's last assistant message when the run ended on it (its final answer); null otherwise. */
export async function finalAnswerOf(db: Pick<Database, 'message'>, runId: string): Promise<string | null> {
  const last = await db.message.findFirst({ where: { runId }, orderBy: { position: 'desc' }, select: { role: true, content: true } });
  if (last?.role !== 'assistant') return null;
  const message = { role: 'assistant', content: last.content } as Message;
  const text = (message.content as { type: string; text?: string }[])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
  return text ? redactText(text) : null;
}
