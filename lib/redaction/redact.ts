/**
 * The one redaction module: everything that leaves the server (DB rows, logs, error artifacts,
 * exports, pages) passes through `redact` first.
 */

const MASK = '[REDACTED]';

const BUILT_IN_PATTERNS: RegExp[] = [
  // Anthropic, OpenAI (project / service-account / legacy) and OpenRouter keys.
  /\bsk-(?:ant-|proj-|svcacct-|or-v1-|or-)?[A-Za-z0-9_-]{16,}/g,
  // Authorization headers and bearer tokens.
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // x-api-key / api_key / apiKey style assignments in headers, JSON or query strings.
  /((?:x-api-key|api[_-]?key|access[_-]?token|secret|password)["']?\s*[:=]\s*["']?)[^\s"'&,}]{4,}/gi,
  // Credentials inside connection URLs: scheme://user:password@host.
  /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+(@)/gi,
];

/** Values of these environment variables are masked wherever they appear. */
const SECRET_ENV_VARS = ['OPENAI_API_KEY', 'OPENROUTER_API_KEY', 'ANTHROPIC_API_KEY', 'SWITCHBOARD_PASSWORD'];

let extraPatterns: RegExp[] = [];

/** Adds patterns (e.g. from configuration) that are masked in addition to the built-in ones. */
export function configureRedaction(patterns: RegExp[]): void {
  extraPatterns = patterns.map((pattern) => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
}

function secretValues(env: Record<string, string | undefined>): string[] {
  return SECRET_ENV_VARS.map((name) => env[name]).filter((value): value is string => !!value && value.length >= 8);
}

export function redactText(text: string, env: Record<string, string | undefined> = process.env): string {
  let result = text;
  for (const value of secretValues(env)) result = result.split(value).join(MASK);
  for (const pattern of BUILT_IN_PATTERNS) {
    result = result.replace(pattern, (match, ...groups) => {
      const captured = groups.slice(0, -2).filter((group): group is string => typeof group === 'string');
      if (captured.length === 2 && match.endsWith('@')) return `${captured[0]}${MASK}${captured[1]}`;
      if (captured.length >= 1 && /^(bearer|basic)$/i.test(captured[0]!)) return `${captured[0]} ${MASK}`;
      if (captured.length >= 1) return `${captured[0]}${MASK}`;
      return MASK;
    });
  }
  for (const pattern of extraPatterns) result = result.replace(pattern, MASK);
  return result;
}

/** Deep-redacts strings inside any JSON-like value; keys named like secrets are masked whole. */
export function redact<T>(value: T, env: Record<string, string | undefined> = process.env): T {
  if (typeof value === 'string') return redactText(value, env) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, env)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSecretKey(key) && typeof inner === 'string' && inner.length > 0 ? MASK : redact(inner, env);
    }
    return out as T;
  }
  return value;
}

function isSecretKey(key: string): boolean {
  return /^(authorization|x-api-key|api[-_]?key|apikey|password|secret|access[-_]?token)$/i.test(key);
}

export const REDACTION_MASK = MASK;
