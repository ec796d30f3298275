import type { Message } from '@/lib/providers/core/types';
import type { FencedRun } from '@/lib/store/fenced-run';

/**
 * Whether the run's last turn succeeded with a final answer (an assistant message without tool
 * calls): then a resume has nothing left to ask the provider (the worker died before it could say so).
 */
export async function finalAnswerCommitted(fenced: FencedRun, conversation: Message[]): Promise<boolean> {
  const last = conversation.at(-1);
  if (last?.role !== 'assistant' || last.content.some((part) => part.type === 'tool-call')) return false;
  return fenced.lastTurnSucceededWithoutToolResults();
}

/**
 * A worker that died between a tool call and its result leaves calls without answers, which every
 * provider refuses. They are answered as interrupted (not re-run: a write may already have happened).
 */
export async function answerUnfinishedToolCalls(conversation: Message[], append: (answer: Message) => Promise<void>): Promise<Message[]> {
  const last = conversation.at(-1);
  if (last?.role !== 'assistant') return conversation;
  const calls = last.content.filter((part) => part.type === 'tool-call');
  if (!calls.length) return conversation;
  const answer: Message = {
    role: 'tool',
    content: calls.map((call) => ({
      type: 'tool-result',
      toolCallId: call.id,
      toolName: call.name,
      output: {
        ok: false,
        error: {
          code: 'interrupted',
          message: 'The run was interrupted before this tool call finished; it may or may not have taken effect.',
        },
      },
      isError: true,
    })),
  };
  await append(answer);
  return [...conversation, answer];
}
