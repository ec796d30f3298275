import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALNUM = BASE62;

/** Hex SHA-256 of a string: the simulator's one hash. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `length` deterministic bytes derived from `seed` (SHA-256 in counter mode). */
export function derivedBytes(seed: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  let total = 0;
  for (let block = 0; total < length; block += 1) {
    const digest = createHash('sha256').update(`${block}\u0000${seed}`).digest();
    blocks.push(digest);
    total += digest.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function encode(bytes: Buffer, alphabet: string): string {
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/**
 * Identifiers in each provider's real shape. Deterministic: every id is a hash of a counter and
 * the conversation it belongs to, so the same sequence of requests yields the same ids.
 */
export class IdFactory {
  private counter = 0;

  reset(): void {
    this.counter = 0;
  }

  private next(kind: string, context: string, length: number): Buffer {
    this.counter += 1;
    return derivedBytes(`${kind}\u0000${this.counter}\u0000${context}`, length);
  }

  private hex(kind: string, context: string, length: number): string {
    return this.next(kind, context, Math.ceil(length / 2))
      .toString('hex')
      .slice(0, length);
  }

  private base62(kind: string, context: string, length: number): string {
    return encode(this.next(kind, context, length), BASE62);
  }

  /** OpenAI `x-request-id`: `req_` + 32 hex. */
  openaiRequestId(context: string): string {
    return `req_${this.hex('openai-request', context, 32)}`;
  }

  /** Anthropic `request-id`: `req_011C` + base62. */
  anthropicRequestId(context: string): string {
    return `req_011C${this.base62('anthropic-request', context, 20)}`;
  }

  /** Chat Completions id: `chatcmpl-` + 29 alphanumerics. */
  chatCompletionId(context: string): string {
    return `chatcmpl-${encode(this.next('chatcmpl', context, 29), ALNUM)}`;
  }

  /** OpenAI tool call id (Chat `tool_calls[].id`, Responses `call_id`): `call_` + 24 alphanumerics. */
  openaiCallId(context: string): string {
    return `call_${encode(this.next('call', context, 24), ALNUM)}`;
  }

  /** Responses ids: `resp_`, `rs_`, `msg_`, `fc_` + 50 hex. */
  responsesId(prefix: 'resp' | 'rs' | 'msg' | 'fc', context: string): string {
    return `${prefix}_${this.hex(`responses-${prefix}`, context, 50)}`;
  }

  /** Anthropic message id: `msg_01` + 22 base62. */
  anthropicMessageId(context: string): string {
    return `msg_01${this.base62('anthropic-msg', context, 22)}`;
  }

  /** Anthropic tool use id: `toolu_01` + 22 base62. */
  anthropicToolUseId(context: string): string {
    return `toolu_01${this.base62('anthropic-toolu', context, 22)}`;
  }

  /** OpenRouter generation id: `gen-<unix seconds>-` + 20 alphanumerics. */
  openrouterGenerationId(created: number, context: string): string {
    return `gen-${created}-${this.base62('openrouter-gen', context, 20)}`;
  }

  /** OpenAI `system_fingerprint`-style value. */
  static fingerprint(model: string): string {
    return `fp_${sha256Hex(`fingerprint\u0000${model}`).slice(0, 10)}`;
  }
}

/** A short, deterministic filler like OpenAI's `obfuscation` field. */
export function obfuscation(seed: string): string {
  const bytes = derivedBytes(`obfuscation\u0000${seed}`, 16);
  const length = 1 + ((bytes[0] ?? 0) % 15);
  return encode(bytes.subarray(1, 1 + length), ALNUM);
}
