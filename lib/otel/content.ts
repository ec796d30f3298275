import type { AssistantMessage, Message } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';

type Env = Record<string, string | undefined>;

/** A message part in the GenAI conventions' input/output messages JSON schema. */
export type SemconvPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: unknown }
  | { type: 'reasoning'; content: string; encrypted_bytes?: number; signature_bytes?: number; redacted?: boolean }
  | { type: 'uri'; modality: 'image'; uri: string; mime_type?: string }
  | { type: 'image'; mime_type?: string; size_bytes: number };

export type SemconvMessage = { role: string; parts: SemconvPart[]; finish_reason?: string };

function bytes(value: string | undefined): number {
  return value ? Buffer.byteLength(value) : 0;
}

/** Opaque reasoning (encrypted content, signatures, OpenRouter details) never leaves: only its size. */
function assistantParts(message: AssistantMessage): SemconvPart[] {
  return message.content.map((part): SemconvPart => {
    switch (part.type) {
      case 'text':
        return { type: 'text', content: part.text };
      case 'tool-call':
        return { type: 'tool_call', id: part.id, name: part.name, arguments: part.arguments };
      case 'reasoning': {
        const text = part.text ?? part.summary?.join('\n') ?? '';
        const opaque = bytes(part.encrypted);
        const signature = bytes(part.signature);
        return {
          type: 'reasoning',
          content: text,
          ...(opaque ? { encrypted_bytes: opaque } : {}),
          ...(signature ? { signature_bytes: signature } : {}),
          ...(part.redacted ? { redacted: true } : {}),
        };
      }
    }
  });
}

function semconvMessage(message: Message): SemconvMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', parts: [{ type: 'text', content: message.content }] };
    case 'user':
      return {
        role: 'user',
        parts: message.content.map((part): SemconvPart => {
          if (part.type === 'text') return { type: 'text', content: part.text };
          // Inline images (data: URLs) are not copied into telemetry.
          if (part.url.startsWith('data:'))
            return { type: 'image', ...(part.mediaType ? { mime_type: part.mediaType } : {}), size_bytes: bytes(part.url) };
          return { type: 'uri', modality: 'image', uri: part.url, ...(part.mediaType ? { mime_type: part.mediaType } : {}) };
        }),
      };
    case 'assistant':
      return { role: 'assistant', parts: assistantParts(message) };
    case 'tool':
      return {
        role: 'tool',
        parts: message.content.map((part): SemconvPart => ({ type: 'tool_call_response', id: part.toolCallId, response: part.output })),
      };
  }
}

/**
 * A JSON attribute value: spans of the JS SDK take no structured values, so the conventions' JSON
 * string form is used. Everything passes through the redaction module first.
 */
export function contentAttribute(value: unknown, env: Env): string {
  return JSON.stringify(redact(value, env));
}

/** `gen_ai.input.messages`: the conversation sent to the model, in order. */
export function inputMessagesAttribute(messages: Message[], env: Env): string {
  return contentAttribute(messages.map(semconvMessage), env);
}

/** `gen_ai.output.messages`: the one choice the model returned. */
export function outputMessagesAttribute(message: AssistantMessage, finishReason: string | null, env: Env): string {
  return contentAttribute([{ ...semconvMessage(message), ...(finishReason ? { finish_reason: finishReason } : {}) }], env);
}
