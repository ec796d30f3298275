import 'server-only';
import type { Message } from '@/lib/providers/core/types';
import { redactText } from '@/lib/redaction/redact';
import type { Database } from '@/lib/store/database';

/** The text of the run's last assistant message when the run ended on it (its final answer); null otherwise. */
export async function finalAnswerOf(db: Pick<Database, 'message'>, runId: string): Promise<string | null> {
  const last = await db.message.findFirst({ where: { runId }, orderBy: { position: 'desc' }, select: { role: true, content: true } });
  if (last?.role !== 'assistant') return null;
  // The column holds the whole message, as lib/store/transcript.ts writes it.
  const message = last.content as unknown as Extract<Message, { role: 'assistant' }>;
  const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  return text ? redactText(text) : null;
}
