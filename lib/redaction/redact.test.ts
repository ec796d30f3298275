import { describe, expect, it } from 'vitest';
import { REDACTION_MASK, redact, redactText } from './redact';

const FAKE_OPENAI = 'sk-proj-PLANTEDfakeKEY0123456789abcdefABCDEF';
const FAKE_ANTHROPIC = 'sk-ant-api03-PLANTEDfakeKEY0123456789abcdef';

describe('redactText', () => {
  it('masks provider keys, bearer tokens and URL passwords', () => {
    const text = `key ${FAKE_OPENAI} and ${FAKE_ANTHROPIC}; Authorization: Bearer abc.def-ghi_jkl; postgresql://postgres:hunter2secret@127.0.0.1:5432/db`;
    const out = redactText(text, {});
    expect(out).not.toContain(FAKE_OPENAI);
    expect(out).not.toContain(FAKE_ANTHROPIC);
    expect(out).not.toContain('abc.def-ghi_jkl');
    expect(out).not.toContain('hunter2secret');
    expect(out).toContain(`postgresql://postgres:${REDACTION_MASK}@127.0.0.1:5432/db`);
    expect(out).toContain(`Bearer ${REDACTION_MASK}`);
  });

  it('masks the configured secret environment values wherever they appear', () => {
    const env = { OPENAI_API_KEY: 'custom-format-secret-value' };
    expect(redactText('the key is custom-format-secret-value.', env)).toBe(`the key is ${REDACTION_MASK}.`);
  });

  it('masks api_key style assignments in JSON and query strings', () => {
    expect(redactText('{"api_key": "abcd1234efgh"}', {})).toBe(`{"api_key": "${REDACTION_MASK}"}`);
    expect(redactText('https://x.test/v1?api_key=abcd1234efgh&x=1', {})).toBe(`https://x.test/v1?api_key=${REDACTION_MASK}&x=1`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Rate limit reached for gpt-4o in organization org-123 on tokens per min.';
    expect(redactText(text, {})).toBe(text);
  });
});

describe('redact', () => {
  it('walks objects and arrays and masks secret-named keys', () => {
    const out = redact({ headers: { authorization: 'anything', 'x-request-id': 'req_1' }, list: [FAKE_OPENAI], n: 3 }, {});
    expect(out).toEqual({ headers: { authorization: REDACTION_MASK, 'x-request-id': 'req_1' }, list: [REDACTION_MASK], n: 3 });
  });
});
