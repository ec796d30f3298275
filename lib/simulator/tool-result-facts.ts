/**
 * What a tool result says, read from the text the client sent back: the JSON the built-in tools
 * return (`entries`, `content`, `matches`, `bytes_written`, `{ok: false, error}`), or plain text
 * (a listing or a file's content, by the tool's role). The scripted model plans and answers from it.
 */
import { isRecord } from './route';
import type { ToolExchange } from './scripted-model';
import { callTarget, roleOf } from './tool-roles';

export type ListedEntry = { name: string; isFolder: boolean };

export type ToolResultFact =
  | { kind: 'listing'; path: string; entries: ListedEntry[]; truncated: boolean }
  | { kind: 'file'; path: string; content: string; truncated: boolean }
  | { kind: 'matches'; query: string; matches: Array<{ path: string; line: number | null; text: string }>; truncated: boolean }
  | { kind: 'written'; path: string; bytes: number | null; created: boolean | null; content: string }
  | { kind: 'error'; message: string }
  | { kind: 'text'; text: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

function errorMessage(result: Record<string, unknown>): string | null {
  const error = result.error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  if (Array.isArray(result.errors)) {
    const problems = result.errors.map((entry) =>
      isRecord(entry)
        ? [Array.isArray(entry.path) ? entry.path.join('.') : '', str(entry.message)].filter(Boolean).join(': ')
        : String(entry),
    );
    return `invalid arguments (${problems.join('; ')})`;
  }
  return result.ok === false ? 'the tool reported a failure' : null;
}

function plainListing(path: string, text: string): ToolResultFact {
  const names = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    kind: 'listing',
    path,
    entries: names.map((name) => ({ name: name.replace(/\/$/, ''), isFolder: name.endsWith('/') })),
    truncated: false,
  };
}

export function readToolResult(exchange: ToolExchange): ToolResultFact {
  const parsed = parseJson(exchange.content);
  const target = callTarget(exchange.arguments);
  const role = roleOf(exchange.name);
  if (isRecord(parsed)) {
    const failure = errorMessage(parsed);
    if (failure !== null) return { kind: 'error', message: failure };
    const path = str(parsed.path, target || '.');
    if (Array.isArray(parsed.entries)) {
      const entries = parsed.entries.filter(isRecord).map((entry) => ({ name: str(entry.name), isFolder: entry.type === 'dir' }));
      return { kind: 'listing', path, entries: entries.filter((entry) => entry.name), truncated: parsed.truncated === true };
    }
    if (typeof parsed.content === 'string') return { kind: 'file', path, content: parsed.content, truncated: parsed.truncated === true };
    if (Array.isArray(parsed.matches)) {
      const matches = parsed.matches
        .filter(isRecord)
        .map((match) => ({ path: str(match.path), line: typeof match.line === 'number' ? match.line : null, text: str(match.text) }));
      return { kind: 'matches', query: target, matches, truncated: parsed.truncated === true };
    }
    if (typeof parsed.bytes_written === 'number' || role === 'write') {
      const args = isRecord(exchange.arguments) ? exchange.arguments : {};
      return {
        kind: 'written',
        path,
        bytes: typeof parsed.bytes_written === 'number' ? parsed.bytes_written : null,
        created: typeof parsed.created === 'boolean' ? parsed.created : null,
        content: str(args.content),
      };
    }
  }
  if (exchange.isError) return { kind: 'error', message: exchange.content.trim() || 'the tool reported a failure' };
  if (parsed === undefined && role === 'list') return plainListing(target || '.', exchange.content);
  if (parsed === undefined && role === 'read') return { kind: 'file', path: target, content: exchange.content, truncated: false };
  return { kind: 'text', text: exchange.content };
}

/** The workspace paths a listing shows (prefixed with its folder unless it is the root). */
export function listedPaths(fact: Extract<ToolResultFact, { kind: 'listing' }>): string[] {
  const folder = fact.path === '.' || fact.path === '' ? '' : `${fact.path.replace(/\/+$/, '')}/`;
  return fact.entries.filter((entry) => !entry.isFolder).map((entry) => `${folder}${entry.name}`);
}
