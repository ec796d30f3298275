import { sameOrigin } from '../core/runtime';
import { toolOutputText } from '../core/tool-arguments';
import type { CachePolicy, Message, ReasoningOrigin } from '../core/types';

type Block = Record<string, unknown>;
export type AnthropicMessageParam = { role: 'user' | 'assistant'; content: Block[] };

export type CacheControl = { type: 'ephemeral'; ttl?: '5m' | '1h' };

export function cacheControlFor(ttl: '5m' | '1h' | undefined): CacheControl {
  return ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };
}

function imageBlock(url: string): Block {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } };
  return { type: 'image', source: { type: 'url', url } };
}

/**
 * Normalized messages → Anthropic `system` + `messages`. Thinking blocks go back exactly as
 * received (text + signature, or redacted data), only to the account that issued them.
 * Consecutive messages of one role are merged (tool results and a following user message).
 */
export function convertToAnthropicMessages(
  messages: Message[],
  options: { origin: ReasoningOrigin; cache: { policy: CachePolicy; ttl?: '5m' | '1h' } | undefined },
): { system: Block[]; messages: AnthropicMessageParam[] } {
  const system: Block[] = messages
    .filter((message) => message.role === 'system')
    .map((message) => ({ type: 'text', text: message.content }));
  const out: AnthropicMessageParam[] = [];
  const push = (role: 'user' | 'assistant', content: Block[]) => {
    if (!content.length) return;
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        push(
          'user',
          message.content.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : imageBlock(part.url))),
        );
        break;
      case 'assistant': {
        const blocks: Block[] = [];
        for (const part of message.content) {
          if (part.type === 'reasoning') {
            if (!sameOrigin(part.origin, options.origin)) continue;
            if (part.redacted && part.encrypted) blocks.push({ type: 'redacted_thinking', data: part.encrypted });
            else if (part.signature) blocks.push({ type: 'thinking', thinking: part.text ?? '', signature: part.signature });
          } else if (part.type === 'text') {
            if (part.text) blocks.push({ type: 'text', text: part.text });
          } else {
            blocks.push({ type: 'tool_use', id: part.id, name: part.name, input: part.arguments });
          }
        }
        push('assistant', blocks);
        break;
      }
      case 'tool':
        push(
          'user',
          message.content.map((result) => ({
            type: 'tool_result',
            tool_use_id: result.toolCallId,
            content: toolOutputText(result.output),
            ...(result.isError ? { is_error: true } : {}),
          })),
        );
        break;
      default:
        break;
    }
  }
  applyCachePolicy(system, out, options.cache);
  return { system, messages: out };
}

/** Breakpoints on the last system block and, for `…+last-turn`, on the last block of the conversation. */
function applyCachePolicy(
  system: Block[],
  messages: AnthropicMessageParam[],
  cache: { policy: CachePolicy; ttl?: '5m' | '1h' } | undefined,
): void {
  if (!cache || cache.policy === 'off') return;
  const control = cacheControlFor(cache.ttl);
  const lastSystem = system.at(-1);
  if (lastSystem) lastSystem.cache_control = control;
  if (cache.policy === 'system+tools+last-turn') {
    const lastBlock = messages.at(-1)?.content.at(-1);
    if (lastBlock && lastBlock.type !== 'thinking' && lastBlock.type !== 'redacted_thinking') lastBlock.cache_control = control;
  }
}
