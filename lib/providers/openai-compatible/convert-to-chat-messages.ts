import { sameOrigin } from '../core/runtime';
import { toolOutputText } from '../core/tool-arguments';
import type { Message, ReasoningOrigin, ReasoningPart, TextPart, ToolCallPart } from '../core/types';

export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
export type ChatToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

export type ChatMessageParam =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; reasoning_details?: unknown[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/**
 * `replayReasoningDetails` (OpenRouter): send `reasoning_details` back on assistant messages (required
 * for tool use with reasoning), those `origin` (the account the request goes to) issued.
 */
export type ChatConversionOptions =
  { replayReasoningDetails: false; origin?: ReasoningOrigin } | { replayReasoningDetails: true; origin: ReasoningOrigin };

function text(parts: readonly { type: string; text?: unknown }[]): string {
  return parts
    .filter((part): part is TextPart => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

/** A user message's parts in the Chat Completions shape: a string when it is all text, else parts. */
export function chatUserContent(parts: Extract<Message, { role: 'user' }>['content']): string | ChatContentPart[] {
  if (parts.every((part) => part.type === 'text')) return text(parts);
  return parts.map((part): ChatContentPart =>
    part.type === 'text' ? { type: 'text', text: part.text } : { type: 'image_url', image_url: { url: part.url } },
  );
}

/** Normalized messages → Chat Completions `messages`. */
export function convertToChatMessages(messages: readonly Message[], options: ChatConversionOptions): ChatMessageParam[] {
  const out: ChatMessageParam[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        out.push({ role: 'user', content: chatUserContent(message.content) });
        break;
      case 'assistant': {
        const toolCalls = message.content.filter((part): part is ToolCallPart => part.type === 'tool-call');
        const content = text(message.content);
        const assistant: ChatMessageParam = { role: 'assistant', content: content.length ? content : null };
        if (toolCalls.length) {
          assistant.tool_calls = toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.rawArguments || JSON.stringify(call.arguments) },
          }));
        }
        if (options.replayReasoningDetails) {
          const { origin } = options;
          const details = message.content
            .filter((part): part is ReasoningPart => part.type === 'reasoning' && sameOrigin(part.origin, origin))
            .flatMap((part) => part.details ?? []);
          if (details.length) assistant.reasoning_details = details;
        }
        out.push(assistant);
        break;
      }
      case 'tool':
        for (const result of message.content) {
          out.push({ role: 'tool', tool_call_id: result.toolCallId, content: toolOutputText(result.output) });
        }
        break;
    }
  }
  return out;
}
