/**
 * Values that are secret whatever their shape: those of environment variables that hold secrets,
 * and keys the server read for a provider call. They are masked wherever they appear, also
 * percent- or JSON-encoded.
 *
 * An environment variable holds a secret when
 * - its name is known to (every profile's `apiKeyEnv`, registered as profiles are loaded and used,
 *   and the console's own secrets), or
 * - its name looks like a secret's: `*_KEY`, `*_TOKEN`, `*_SECRET`, `*PASSWORD*`, `*PASSWD*`.
 * Values shorter than MIN_SECRET_LENGTH are left alone: they would mask ordinary words.
 */

type Env = Record<string, string | undefined>;

export const MIN_SECRET_LENGTH = 8;

const CONSOLE_SECRETS = [
  'OPENAI_API_KEY',
  'OPENROUTER_API_KEY',
  'ANTHROPIC_API_KEY',
  'SWITCHBOARD_PASSWORD',
  'SWITCHBOARD_ALERT_WEBHOOK_SECRET',
];
const SECRET_NAME = /(?:_KEY|_TOKEN|AUTHTOKEN|_SECRET)S?$|PASSWORD|PASSWD/i;
/** Flags and numbers are configuration, not secrets, whatever the variable is called. */
const NOT_A_SECRET = /^(?:true|false|yes|no|on|off|none|null|undefined|[0-9.]+)$/i;
/** The password inside a connection URL (the database's, for one). */
const URL_PASSWORD_VARS = ['DATABASE_URL'];

const registeredNames = new Set<string>(CONSOLE_SECRETS);
const registeredValues = new Set<string>();

/** Names an environment variable whose value is a secret (a profile's `apiKeyEnv`). */
export function registerSecretEnvName(name: string): void {
  if (registeredNames.has(name)) return;
  registeredNames.add(name);
  processEnvNames = null;
}

/** A secret the server holds (e.g. the key it just read for a call), whichever environment it came from. */
export function registerSecretValue(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH && registeredValues.size < 1_000) registeredValues.add(value);
}

function secretEnvNames(env: Env): string[] {
  return Object.keys(env).filter((name) => registeredNames.has(name) || SECRET_NAME.test(name) || URL_PASSWORD_VARS.includes(name));
}

/**
 * Listing process.env costs ~0.1 ms (it is a getenv per name), too much for every string the server
 * writes: the list of secret names is kept for a second, their values are read every time.
 */
let processEnvNames: { names: string[]; at: number } | null = null;
const NAMES_TTL_MS = 1_000;

function namesOf(env: Env): string[] {
  if (env !== process.env) return secretEnvNames(env);
  const now = Date.now();
  if (!processEnvNames || now - processEnvNames.at > NAMES_TTL_MS) processEnvNames = { names: secretEnvNames(env), at: now };
  return processEnvNames.names;
}

function valueOf(name: string, raw: string): string | null {
  if (URL_PASSWORD_VARS.includes(name)) {
    try {
      return decodeURIComponent(new URL(raw).password) || null;
    } catch {
      return null;
    }
  }
  const value = raw.trim();
  return NOT_A_SECRET.test(value) ? null : value;
}

/** Every form a secret may appear in: as it is, percent-encoded, JSON-escaped. */
function encodings(value: string): string[] {
  const forms = [value];
  const percent = encodeURIComponent(value);
  if (percent !== value) forms.push(percent);
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.push(json);
  return forms;
}

let memo: { key: string; values: string[] } | null = null;

/** The secret values to mask, longest first (a key that contains another is masked whole). */
export function secretValues(env: Env = process.env): string[] {
  const raw: string[] = [...registeredValues];
  for (const name of namesOf(env)) {
    const value = env[name] ? valueOf(name, env[name]!) : null;
    if (value && value.length >= MIN_SECRET_LENGTH) raw.push(value);
  }
  const key = raw.join('\0');
  if (memo?.key === key) return memo.values;
  const values = [...new Set(raw.flatMap(encodings))].sort((a, b) => b.length - a.length);
  memo = { key, values };
  return values;
}
