import { describe, expect, it } from 'vitest';
import { REDACTION_MASK, redactText } from './redact';
import { StreamRedactor } from './stream-redactor';

const OPENAI = 'sk-proj-PLANTEDstreamKEY0123456789abcdefXYZ';
const ANTHROPIC = 'sk-ant-api03-PLANTEDstreamKEY0123456789abcdef';
const XAI = 'xai-PLANTEDstreamKEY0123456789abcdefghijklmnop';
const CUSTOM = 'acme-live-PLANTED-Custom-Format-9f8e7d6c';
const PASSWORD = 'correct horse PLANTED battery';
const ENV = { ACME_LLM_KEY: CUSTOM, SWITCHBOARD_PASSWORD: PASSWORD };

const TEXTS = [
  `Here is the key: ${OPENAI}. Keep it safe.`,
  `${ANTHROPIC}`,
  `curl -H "Authorization: Bearer PLANTEDbearerToken0123456789" https://api.example.test`,
  `{"api_key": "PLANTEDassignment0123", "model": "gpt"}`,
  `postgresql://postgres:PLANTEDdbpassword@127.0.0.1:5432/db and ${XAI}\n`,
  `custom ${CUSTOM} and the password is ${PASSWORD}!`,
  `${OPENAI}${ANTHROPIC}`,
];
const SECRET_PARTS = ['PLANTED'];

/** `text` cut into pieces of `size` characters (the last may be shorter). */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

function stream(deltas: string[], env: Record<string, string> = ENV): { shown: string[]; joined: string } {
  const redactor = new StreamRedactor(env);
  const shown = deltas.map((delta) => redactor.push(delta));
  shown.push(redactor.end());
  return { shown, joined: shown.join('') };
}

describe('StreamRedactor', () => {
  it('masks a key however the provider splits it (every piece size from 1 to 24 characters)', () => {
    for (const text of TEXTS) {
      for (let size = 1; size <= 24; size++) {
        const { shown, joined } = stream(pieces(text, size));
        for (const part of SECRET_PARTS) {
          expect(joined, `${JSON.stringify(text)} in pieces of ${size}`).not.toContain(part);
          for (const piece of shown) expect(piece).not.toContain(part);
        }
        expect(joined).toBe(redactText(text, ENV));
      }
    }
  });

  it('masks a key split at every possible point into two deltas', () => {
    const text = `before ${OPENAI} after`;
    for (let at = 0; at <= text.length; at++) {
      expect(stream([text.slice(0, at), text.slice(at)]).joined).toBe(`before ${REDACTION_MASK} after`);
    }
  });

  it('lets ordinary prose through one word behind the stream, the rest at the end', () => {
    const redactor = new StreamRedactor({});
    expect(redactor.push('The answer is ')).toBe('The answer is ');
    expect(redactor.push('forty')).toBe('');
    expect(redactor.push('-two, as')).toBe('forty-two, ');
    expect(redactor.end()).toBe('as');
    expect(redactor.end()).toBe('');
  });

  it('holds the beginning of a known secret value even across spaces, and lets it go when it turns out not to be one', () => {
    const redactor = new StreamRedactor(ENV);
    expect(redactor.push('I said correct ')).toBe('I said ');
    expect(redactor.push('horse ')).toBe('');
    expect(redactor.push('riding.')).toBe('correct horse ');
    expect(redactor.end()).toBe('riding.');
  });

  it('keeps an emoji whose surrogate pair is split across deltas, and replaces NUL visibly', () => {
    const text = 'ok 😀 done\u0000!';
    const { joined } = stream(
      [...text].flatMap((char) => (char.length === 2 ? [char[0]!, char[1]!] : [char])),
      {},
    );
    expect(joined).toBe('ok 😀 done\u2400!');
  });

  it('lets a long word without spaces through but for its last characters', () => {
    const redactor = new StreamRedactor({});
    const shown = redactor.push('x'.repeat(2000));
    expect(shown.length).toBeGreaterThanOrEqual(1400);
    expect(shown + redactor.end()).toBe('x'.repeat(2000));
  });
});
