import { convertToChatMessages, type ChatContentPart, type ChatToolCall } from '@/lib/providers/openai-compatible/convert-to-chat-messages';
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

export type { ChatContentPart, ChatToolCall };
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

  // The request conversion without reasoning (its details are OpenRouter's, sent back only to it).
  for (const message of convertToChatMessages(messages, { replayReasoningDetails: false })) {
    if (message.role === 'assistant') {
      // A message with no text is null only when it calls tools; one that says nothing says ''.
      if (message.content === null && !message.tool_calls) message.content = '';
      for (const call of message.tool_calls ?? []) declared.add(call.id);
      lastAssistant = message;
    } else if (message.role === 'tool' && !declared.has(message.tool_call_id)) {
      const call = recorded.get(message.tool_call_id);
      if (!call || !lastAssistant) continue;
      (lastAssistant.tool_calls ??= []).push({
        id: call.providerCallId,
        type: 'function',
        function: { name: call.name, arguments: call.rawArguments },
      });
      if (lastAssistant.content === '') lastAssistant.content = null;
      declared.add(call.providerCallId);
    }
    out.push(message);
  }
  const example: ChatExample = { messages: out };
  if (options.tools?.length) example.tools = chatTools(options.tools);
  return redact(example);
}
