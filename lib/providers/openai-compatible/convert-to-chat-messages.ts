import { sameOrigin } from '../core/runtime';
import { toolOutputText } from '../core/tool-arguments';
import type { Message, ReasoningOrigin, ReasoningPart, TextPart, ToolCallPart } from '../core/types';

export type ChatMessageParam = Record<string, unknown> & { role: string };

export type ChatConversionOptions = {
  origin: ReasoningOrigin;
  /** OpenRouter: send `reasoning_details` back on assistant messages (required for tool use with reasoning). */
  replayReasoningDetails: boolean;
};

function text(parts: { type: string }[]): string {
  return parts
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
}

export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** A user message's parts in the Chat Completions shape: a string when it is all text, else parts. */
export function chatUserContent(parts: Extract<Message, { role: 'user' }>['content']): string | ChatContentPart[] {
  if (parts.every((part) => part.type === 'text')) return text(parts);
  return parts.map((part): ChatContentPart =>
    part.type === 'text' ? { type: 'text', text: part.text } : { type: 'image_url', image_url: { url: part.url } },
  );
}

/** Normalized messages → Chat Completions `messages`. */
export function convertToChatMessages(messages: Message[], options: ChatConversionOptions): ChatMessageParam[] {
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
          const details = message.content
            .filter((part): part is ReasoningPart => part.type === 'reasoning' && sameOrigin(part.origin, options.origin))
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
