import { describe, expect, it } from 'vitest';
import { REDACTION_MASK, redact, redactText, registerSecretEnvName, registerSecretValue, secretSpans } from './redact';

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

  it('masks every known key format: OpenAI, Anthropic, OpenRouter, xAI', () => {
    const keys = [
      'sk-PLANTEDlegacy0123456789abcdefABCDEFGHIJ',
      'sk-proj-PLANTED_project-0123456789abcdefABCDEF',
      'sk-svcacct-PLANTEDsvc0123456789abcdef',
      'sk-ant-api03-PLANTEDanthropic0123456789abcdef-AA',
      'sk-or-v1-0123456789abcdefPLANTEDopenrouter0123456789abcdef',
      'xai-PLANTEDxai0123456789abcdefghijklmnopqrstuvwxyz',
    ];
    for (const key of keys) expect(redactText(`the key "${key}" was refused`, {})).toBe(`the key "${REDACTION_MASK}" was refused`);
  });

  it('masks the configured secret environment values wherever they appear', () => {
    const env = { OPENAI_API_KEY: 'custom-format-secret-value' };
    expect(redactText('the key is custom-format-secret-value.', env)).toBe(`the key is ${REDACTION_MASK}.`);
  });

  it('masks the value of every variable named like a secret (*_KEY, *_TOKEN, *_SECRET, *PASSWORD*)', () => {
    const env = {
      ACME_API_KEY: 'acme-0001-PLANTED',
      GITLAB_TOKEN: 'glpat-PLANTED-0002',
      WEBHOOK_SECRET: 'whsec-PLANTED-0003',
      DB_PASSWORD_FILE_CONTENT: 'pw-PLANTED-0004',
      FEATURE_KEY: 'true',
      RETRY_TOKEN: '12345678',
      HOME: '/home/someone-PLANTED-home',
    };
    const out = redactText(
      'a acme-0001-PLANTED b glpat-PLANTED-0002 c whsec-PLANTED-0003 d pw-PLANTED-0004 e /home/someone-PLANTED-home true 12345678',
      env,
    );
    expect(out).toBe(
      `a ${REDACTION_MASK} b ${REDACTION_MASK} c ${REDACTION_MASK} d ${REDACTION_MASK} e /home/someone-PLANTED-home true 12345678`,
    );
  });

  it('masks the value of a profile key variable registered by name, whatever its name', () => {
    const env = { ACME_LLM_CRED: 'acme-cred-PLANTED-0005' };
    expect(redactText('echo acme-cred-PLANTED-0005', env)).toBe('echo acme-cred-PLANTED-0005');
    registerSecretEnvName('ACME_LLM_CRED');
    expect(redactText('echo acme-cred-PLANTED-0005', env)).toBe(`echo ${REDACTION_MASK}`);
  });

  it('masks a key the server read for a call, and its percent- and JSON-encoded forms', () => {
    registerSecretValue('key/with+special"chars-PLANTED');
    const out = redactText(
      'a key/with+special"chars-PLANTED b key%2Fwith%2Bspecial%22chars-PLANTED c key/with+special\\"chars-PLANTED',
      {},
    );
    expect(out).toBe(`a ${REDACTION_MASK} b ${REDACTION_MASK} c ${REDACTION_MASK}`);
  });

  it('masks the database password from DATABASE_URL wherever it appears', () => {
    const env = { DATABASE_URL: 'postgresql://switchboard:Pl4nted%2Fdbpw@127.0.0.1:5432/switchboard' };
    expect(redactText('login failed for password Pl4nted/dbpw', env)).toBe(`login failed for password ${REDACTION_MASK}`);
  });

  it('masks api_key style assignments in JSON and query strings', () => {
    expect(redactText('{"api_key": "abcd1234efgh"}', {})).toBe(`{"api_key": "${REDACTION_MASK}"}`);
    expect(redactText('https://x.test/v1?api_key=abcd1234efgh&x=1', {})).toBe(`https://x.test/v1?api_key=${REDACTION_MASK}&x=1`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Rate limit reached for gpt-4o in organization org-123 on tokens per min. A task-sk-like word, the sk-sim-local key.';
    expect(redactText(text, {})).toBe(text);
  });

  it('replaces NUL and unpaired surrogates visibly, one character for one', () => {
    expect(redactText('a\u0000b \uD800 c 😀', {})).toBe('a\u2400b \uFFFD c 😀');
  });
});

describe('secretSpans', () => {
  it('finds the secret part only, merging overlaps', () => {
    const text = `Bearer ${FAKE_OPENAI} x`;
    expect(secretSpans(text, {})).toEqual([[7, 7 + FAKE_OPENAI.length]]);
  });
});

describe('redact', () => {
  it('walks objects and arrays and masks secret-named keys', () => {
    const out = redact({ headers: { authorization: 'anything', 'x-request-id': 'req_1' }, list: [FAKE_OPENAI], n: 3 }, {});
    expect(out).toEqual({ headers: { authorization: REDACTION_MASK, 'x-request-id': 'req_1' }, list: [REDACTION_MASK], n: 3 });
  });

  it('makes keys storable too (a NUL in a key would fail the jsonb write)', () => {
    expect(redact({ 'a\u0000b': 'c\u0000' }, {})).toEqual({ 'a\u2400b': 'c\u2400' });
  });
});
