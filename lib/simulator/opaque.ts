/**
 * Opaque reasoning blobs: Anthropic thinking `signature`s and `redacted_thinking` `data`, OpenAI
 * `encrypted_content` (also OpenRouter `reasoning.encrypted` `data`). They look like the real ones
 * (protobuf-ish base64; Fernet tokens starting `gAAAAAB`) and are bound to their content with an
 * HMAC under a fixed simulator key, so the simulator can tell an intact blob from a tampered one,
 * even across restarts, without trusting anything the client says.
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { derivedBytes } from './ids';

const MASTER = derivedBytes('switchboard-simulator/opaque/v1', 32);
const SIGNING_KEY = derivedBytes('switchboard-simulator/fernet-signing/v1', 16);
const ENCRYPTION_KEY = derivedBytes('switchboard-simulator/fernet-encryption/v1', 16);

function mac(label: string, data: Buffer | string): Buffer {
  return createHmac('sha256', MASTER).update(label).update('\u0000').update(data).digest();
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function field(tag: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), varint(payload.length), payload]);
}

function readVarint(buffer: Buffer, offset: number): { value: number; next: number } | null {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < buffer.length && i < offset + 5; i += 1) {
    const byte = buffer[i]!;
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
  }
  return null;
}

/** The `signature` of an Anthropic `thinking` block with this exact text. */
export function anthropicSignature(thinking: string): string {
  const tag = mac('thinking-signature', thinking);
  const filler = derivedBytes(`signature-filler\u0000${tag.toString('hex')}`, 180);
  return field(0x12, Buffer.concat([field(0x0a, tag), field(0x12, filler)])).toString('base64');
}

/** True when `signature` is the one the simulator issued for exactly this thinking text. */
export function verifyAnthropicSignature(thinking: string, signature: unknown): boolean {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  const expected = Buffer.from(anthropicSignature(thinking));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The opaque `data` of a `redacted_thinking` block (derived from `seed`). */
export function redactedThinkingData(seed: string): string {
  const nonce = derivedBytes(`redacted-nonce\u0000${seed}`, 16);
  const tag = mac('redacted-thinking', nonce);
  const filler = derivedBytes(`redacted-filler\u0000${tag.toString('hex')}`, 240);
  return field(0x12, Buffer.concat([field(0x0a, nonce), field(0x12, tag), field(0x1a, filler)])).toString('base64');
}

/** True when `data` is an intact `redacted_thinking` blob issued by the simulator. */
export function verifyRedactedThinkingData(data: unknown): boolean {
  if (typeof data !== 'string' || data.length === 0) return false;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.toString('base64') !== data || bytes[0] !== 0x12) return false;
  const outer = readVarint(bytes, 1);
  if (!outer || outer.next + outer.value !== bytes.length) return false;
  const start = outer.next;
  if (bytes[start] !== 0x0a || bytes[start + 1] !== 16 || bytes[start + 18] !== 0x12 || bytes[start + 19] !== 32) return false;
  const nonce = bytes.subarray(start + 2, start + 18);
  const tag = bytes.subarray(start + 20, start + 52);
  const expected = mac('redacted-thinking', nonce);
  return tag.length === expected.length && timingSafeEqual(tag, expected);
}

export type EncryptedReasoning = { id: string; text: string };

/**
 * OpenAI-style `encrypted_content`: a real Fernet token (version 0x80, timestamp, IV, AES-128-CBC,
 * HMAC-SHA256) holding the reasoning item id and text. `variant` changes the IV, as the real API
 * sends different ciphertexts of the same state in different events.
 */
export function encryptReasoning(payload: EncryptedReasoning, variant = 0): string {
  const seed = `${payload.id}\u0000${payload.text}\u0000${variant}`;
  const iv = derivedBytes(`fernet-iv\u0000${seed}`, 16);
  const timestamp = Buffer.alloc(8);
  timestamp.writeUInt32BE(0x68000000 + (derivedBytes(`fernet-ts\u0000${payload.id}`, 3).readUIntBE(0, 3) & 0xffffff), 4);
  const cipher = createCipheriv('aes-128-cbc', ENCRYPTION_KEY, iv);
  const plaintext = Buffer.from(JSON.stringify({ v: 1, id: payload.id, text: payload.text }));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const body = Buffer.concat([Buffer.from([0x80]), timestamp, iv, ciphertext]);
  const signature = createHmac('sha256', SIGNING_KEY).update(body).digest();
  return Buffer.concat([body, signature]).toString('base64url') + '='.repeat((3 - ((body.length + 32) % 3)) % 3);
}

/** Decrypts a token issued by `encryptReasoning`; null when it was not issued by the simulator or was altered. */
export function decryptReasoning(token: unknown): EncryptedReasoning | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+=*$/.test(token)) return null;
  const bytes = Buffer.from(token.replace(/=+$/, ''), 'base64url');
  if (bytes.length < 1 + 8 + 16 + 16 + 32 || bytes[0] !== 0x80) return null;
  const body = bytes.subarray(0, bytes.length - 32);
  const signature = bytes.subarray(bytes.length - 32);
  const expected = createHmac('sha256', SIGNING_KEY).update(body).digest();
  if (!timingSafeEqual(signature, expected)) return null;
  try {
    const decipher = createDecipheriv('aes-128-cbc', ENCRYPTION_KEY, body.subarray(9, 25));
    const plaintext = Buffer.concat([decipher.update(body.subarray(25)), decipher.final()]).toString('utf8');
    const parsed: unknown = JSON.parse(plaintext);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { id, text } = parsed as { id?: unknown; text?: unknown };
    return typeof id === 'string' && typeof text === 'string' ? { id, text } : null;
  } catch {
    return null;
  }
}
