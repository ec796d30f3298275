// A database failure as one line for a command-line tool: what went wrong and what to do, never
// Prisma's multi-line invocation report (code frame, stack), a connection string's password nor a
// control sequence from a value it quotes.
import { terminalSafeText } from './terminal-safe';

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };

/** The errors that mean "the database is not there / not reachable / not ours", by code. */
const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address — is Postgres running?',
  ENOTFOUND: 'the host name does not resolve',
  ETIMEDOUT: 'the connection timed out',
  '3D000': 'that database does not exist — create it first (createdb)',
  '28P01': 'the password was refused',
  '28000': 'the server refused this user',
  '42P01': 'a table is missing — the database is not migrated',
  P1001: 'the database server cannot be reached',
  P1003: 'that database does not exist — create it first (createdb)',
  P2021: 'a table is missing — the database is not migrated',
  P2022: 'a column is missing — the database is not migrated to this version',
};

function asRecord(value: unknown): ErrorLike | null {
  return value && typeof value === 'object' ? (value as ErrorLike) : null;
}

/** The line of a (Prisma) message that says what happened: the last non-empty one, code frames left out. */
function essentialLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line && !/^(→\s*)?\d+\s/.test(line) && !/^Invalid `.*` invocation/.test(line) && !/^at\s/.test(line) && !/^\//.test(line),
    );
  return lines.at(-1) ?? message.trim().split('\n')[0] ?? '';
}

function codeOf(error: ErrorLike): string | null {
  for (let current: ErrorLike | null = error, depth = 0; current && depth < 5; current = asRecord(current.cause), depth++) {
    if (typeof current.code === 'string' && current.code) return current.code;
    // AggregateError (a connection refused on every address) carries its causes in `errors`.
    const first = Array.isArray(current.errors) ? asRecord(current.errors[0]) : null;
    if (first && typeof first.code === 'string') return first.code;
  }
  return null;
}

/** Removes connection strings (they may carry a password) from a message. */
export function scrubConnectionStrings(text: string): string {
  return text.replace(/postgres(?:ql)?:\/\/[^\s'"`]+/gi, (url) => {
    try {
      const parsed = new URL(url);
      return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
    } catch {
      return '(a connection string)';
    }
  });
}

/**
 * One line for a failure: "the database …: <what happened> (<code>: <hint>)". Anything that is not
 * an Error still gives a line.
 */
export function describeDatabaseError(error: unknown): string {
  const record = asRecord(error);
  const raw = record && typeof record.message === 'string' && record.message.trim() ? record.message : String(error);
  const code = record ? codeOf(record) : null;
  const line = terminalSafeText(scrubConnectionStrings(essentialLine(raw)).replace(/\s+/g, ' ')).slice(0, 300);
  const hint = code ? HINTS[code] : undefined;
  return `${line || 'unknown error'}${code ? ` (${code}${hint ? `: ${hint}` : ''})` : ''}`;
}
