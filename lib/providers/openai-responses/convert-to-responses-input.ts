import { sameOrigin } from '../core/runtime';
import { toolOutputText } from '../core/tool-arguments';
import type { AssistantMessage, Message, ReasoningOrigin, ReasoningPart, TextPart, ToolCallPart } from '../core/types';

type Item = Record<string, unknown>;

export type ResponsesInput = { instructions?: string; input: Item[]; previousResponseId?: string };

/**
 * Normalized messages → Responses `input` items. Reasoning items are replayed byte-for-byte (id,
 * summary, encrypted_content) ahead of the message and function calls they led to, and only to
 * the account that issued them. In `previous-response-id` mode only what follows the last response
 * of this account is sent; the server holds the rest.
 */
export function convertToResponsesInput(
  messages: Message[],
  options: { origin: ReasoningOrigin; threading: 'stateless' | 'previous-response-id' },
): ResponsesInput {
  const instructions = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  let conversation = messages.filter((message) => message.role !== 'system');
  let previousResponseId: string | undefined;
  if (options.threading === 'previous-response-id') {
    const lastIndex = conversation.findLastIndex(
      (message) => message.role === 'assistant' && !!message.responseId && sameOrigin(message.origin, options.origin),
    );
    if (lastIndex !== -1) {
      previousResponseId = (conversation[lastIndex] as AssistantMessage).responseId;
      conversation = conversation.slice(lastIndex + 1);
    }
  }
  const input: Item[] = [];
  for (const message of conversation) {
    switch (message.role) {
      case 'user':
        input.push({
          role: 'user',
          content: message.content.map((part) =>
            part.type === 'text' ? { type: 'input_text', text: part.text } : { type: 'input_image', image_url: part.url },
          ),
        });
        break;
      case 'assistant':
        input.push(...assistantItems(message, options.origin));
        break;
      case 'tool':
        for (const result of message.content) {
          input.push({ type: 'function_call_output', call_id: result.toolCallId, output: toolOutputText(result.output) });
        }
        break;
      default:
        break;
    }
  }
  return { ...(instructions ? { instructions } : {}), input, ...(previousResponseId ? { previousResponseId } : {}) };
}

function assistantItems(message: AssistantMessage, origin: ReasoningOrigin): Item[] {
  const items: Item[] = [];
  for (const part of message.content) {
    if (part.type !== 'reasoning' || !part.id || !sameOrigin(part.origin, origin)) continue;
    items.push(reasoningItem(part));
  }
  const text = message.content
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
  if (text) items.push({ role: 'assistant', content: text });
  for (const part of message.content) {
    if (part.type !== 'tool-call') continue;
    items.push(functionCallItem(part, sameOrigin(message.origin, origin)));
  }
  return items;
}

function reasoningItem(part: ReasoningPart): Item {
  const summary = part.summary ?? (part.text ? [part.text] : []);
  return {
    type: 'reasoning',
    id: part.id,
    summary: summary.map((text) => ({ type: 'summary_text', text })),
    ...(part.encrypted ? { encrypted_content: part.encrypted } : {}),
  };
}

function functionCallItem(call: ToolCallPart, sameAccount: boolean): Item {
  return {
    type: 'function_call',
    call_id: call.id,
    name: call.name,
    arguments: call.rawArguments || JSON.stringify(call.arguments),
    // The item id links it to its reasoning item; another account does not know it.
    ...(call.itemId && sameAccount ? { id: call.itemId } : {}),
  };
}
