import { toolOutputText } from '@/lib/providers/core/tool-arguments';
import { chatUserContent, type ChatContentPart } from '@/lib/providers/openai-compatible/convert-to-chat-messages';
import type { Message, ToolDefinition } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';

/**
 * A run's conversation as one OpenAI chat example — a line of the JSONL that OpenAI's chat
 * fine-tuning takes (and that most chat tooling reads): `{"messages": […], "tools": […]}`.
 *
 * - system → `{role:"system", content}`; user → `{role:"user", content}` (a string, or text /
 *   `image_url` parts when there are images).
 * - assistant → `{role:"assistant", content, tool_calls?}`: text parts joined; `content` is null
 *   when the message only calls tools; `tool_calls[i]` = `{id, type:"function", function:{name,
 *   arguments}}` with `arguments` the JSON text as the model sent it.
 * - tool → one `{role:"tool", tool_call_id, content}` per result (`content`: the output as text).
 * - reasoning is not part of the chat format and is left out (opaque blobs are never exported).
 * - A tool call whose arguments were not JSON is not in the stored assistant message (it was never
 *   executed) but its error result is; it is put back on the assistant message from the recorded
 *   tool calls with its raw arguments, so every tool message answers a call. A result whose call is
 *   nowhere to be found is left out.
 * - Everything passes through the redaction module.
 */

export type ChatToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };
export type { ChatContentPart };
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };
export type ChatTool = { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } };
export type ChatExample = { messages: ChatMessage[]; tools?: ChatTool[] };

/** A tool call as the ToolCall table records it (invalid ones included). */
export type RecordedToolCall = { providerCallId: string; name: string; rawArguments: string };

type AssistantChatMessage = Extract<ChatMessage, { role: 'assistant' }>;

function textOf(parts: readonly { type: string; text?: unknown }[]): string {
  return parts
    .filter((part): part is { type: 'text'; text: string } => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

export function chatTools(tools: readonly ToolDefinition[]): ChatTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
}

export function toChatExample(
  messages: readonly Message[],
  options: { tools?: readonly ToolDefinition[]; recordedToolCalls?: readonly RecordedToolCall[] } = {},
): ChatExample {
  const recorded = new Map((options.recordedToolCalls ?? []).map((call) => [call.providerCallId, call]));
  const declared = new Set<string>();
  const out: ChatMessage[] = [];
  let lastAssistant: AssistantChatMessage | null = null;

  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        out.push({ role: 'user', content: chatUserContent(message.content) });
        break;
      case 'assistant': {
        const calls: ChatToolCall[] = message.content.flatMap((part) =>
          part.type === 'tool-call'
            ? [
                {
                  id: part.id,
                  type: 'function' as const,
                  function: { name: part.name, arguments: part.rawArguments || JSON.stringify(part.arguments) },
                },
              ]
            : [],
        );
        const text = textOf(message.content);
        const assistant: AssistantChatMessage = { role: 'assistant', content: text.length || !calls.length ? text : null };
        if (calls.length) assistant.tool_calls = calls;
        for (const call of calls) declared.add(call.id);
        out.push(assistant);
        lastAssistant = assistant;
        break;
      }
      case 'tool':
        for (const result of message.content) {
          if (!declared.has(result.toolCallId)) {
            const call = recorded.get(result.toolCallId);
            if (!call || !lastAssistant) continue;
            (lastAssistant.tool_calls ??= []).push({
              id: call.providerCallId,
              type: 'function',
              function: { name: call.name, arguments: call.rawArguments },
            });
            if (lastAssistant.content === '') lastAssistant.content = null;
            declared.add(call.providerCallId);
          }
          out.push({ role: 'tool', tool_call_id: result.toolCallId, content: toolOutputText(result.output) });
        }
        break;
    }
  }
  const example: ChatExample = { messages: out };
  if (options.tools?.length) example.tools = chatTools(options.tools);
  return redact(example);
}
