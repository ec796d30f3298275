import 'server-only';
import type { AssistantMessage } from '@/lib/providers/core/types';
import { redactText } from '@/lib/redaction/redact';
import type { Database } from '@/lib/store/database';

/** The text of the run's last assistant message when the run ended on it (its final answer); null otherwise. */
export async function finalAnswerOf(db: Pick<Database, 'message'>, runId: string): Promise<string | null> {
  const last = await db.message.findFirst({ where: { runId }, orderBy: { position: 'desc' }, select: { role: true, content: true } });
  if (last?.role !== 'assistant') return null;
  // The row's `content` is the whole message as recorded (lib/store/transcript.ts): role, origin and its parts.
  const parts = (last.content as unknown as Partial<AssistantMessage> | null)?.content;
  const text = (Array.isArray(parts) ? (parts as { type?: unknown; text?: unknown }[]) : [])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
  return text ? redactText(text) : null;
}
