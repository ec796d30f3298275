/**
 * The shapes a secret is recognised by, wherever it appears. `group` is the part that is secret
 * (0: the whole match): `Bearer abc…` keeps the word `Bearer`, `postgres://u:pw@h` keeps all but `pw`.
 * Every pattern has the `d` flag (match indices) so the redaction works on spans of the raw text,
 * which is what lets a stream be redacted piece by piece (stream-redactor.ts).
 */
export type SecretRule = { pattern: RegExp; group: number };

export const SECRET_RULES: readonly SecretRule[] = [
  // OpenAI (legacy, project, service-account, admin), Anthropic, OpenRouter and xAI keys.
  { pattern: /\b(?:sk-(?:ant-|proj-|svcacct-|admin-|or-v1-|or-)?|xai-)[A-Za-z0-9_-]{16,}/dg, group: 0 },
  // Google API keys and GitHub tokens: common in the workspaces agents work in.
  { pattern: /\bAIza[0-9A-Za-z_-]{35}|\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/dg, group: 0 },
  // Authorization headers and bearer tokens.
  { pattern: /\b(?:Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/dgi, group: 1 },
  // x-api-key / api_key / apiKey style assignments in headers, JSON or query strings.
  { pattern: /(?:x-api-key|api[_-]?key|access[_-]?token|secret|password)["']?\s*[:=]\s*["']?([^\s"'&,}]{4,})/dgi, group: 1 },
  // Credentials inside connection URLs: scheme://user:password@host.
  { pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^@\s/]+)@/dgi, group: 1 },
];

/** The longest stretch of text a rule needs before its secret part (e.g. `x-api-key: "`). */
export const RULE_CONTEXT_CHARS = 64;
