import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { startLineMatcher, type LineMatch, type LineMatcher } from './line-matcher';
import { looksBinary } from './text-content';
import { cancelledFailure, errorCode, fsFailure, toolFailure } from './tool-errors';
import { builtinTool, type ToolContext, type ToolResult } from './types';
import { compareNames, resolveInWorkspace, toWorkspacePath } from './workspace';

export const searchTextSchema = z.strictObject({
  query: z.string().min(1).max(500).describe('Text to find (or a JavaScript regular expression when `regex` is true).'),
  path: z.string().default('.').describe('Folder (searched recursively) or file to search, relative to the workspace root.'),
  regex: z.boolean().default(false).describe('Treat `query` as a regular expression.'),
  max_results: z.number().int().min(1).max(500).default(50).describe('Return at most this many matching lines.'),
  case_sensitive: z.boolean().default(false).describe('Match letter case exactly.'),
});

export type SearchTextArgs = z.output<typeof searchTextSchema>;

/** What bounds one search; `SEARCH_LIMITS` in production, smaller in tests. */
export type SearchLimits = {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
  timeBudgetMs: number;
  maxLineText: number;
};

export const SEARCH_LIMITS: SearchLimits = {
  maxFileBytes: 2 * 1024 * 1024,
  maxFiles: 10_000,
  maxTotalBytes: 100 * 1024 * 1024,
  timeBudgetMs: 10_000,
  maxLineText: 300,
};

/** Folders a search does not enter (they drown results and the budget). */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

export type SearchMatch = { path: string; line: number; text: string };

export type SearchTextResult = {
  ok: true;
  matches: SearchMatch[];
  /** The search stopped before the end: see `stopped_by`. */
  truncated: boolean;
  stopped_by: 'max_results' | 'max_files' | 'max_total_bytes' | 'time_budget' | null;
  files_searched: number;
  skipped: { binary: number; too_large: number };
};

export const searchTextTool = builtinTool({
  name: 'search_text',
  description:
    'Search the text files of the workspace for a string or regular expression; returns matching lines ' +
    '(path, 1-based line, text cut to 300 characters). Skips binary files, files over 2 MB, .git and node_modules. ' +
    'Case-insensitive unless `case_sensitive` is true.',
  schema: searchTextSchema,
  execute: (args, context) => searchText(args, context),
});

export async function searchText(args: SearchTextArgs, context: ToolContext, limits: SearchLimits = SEARCH_LIMITS): Promise<ToolResult> {
  const flags = args.case_sensitive ? '' : 'i';
  let pattern: RegExp;
  try {
    pattern = new RegExp(args.regex ? args.query : escapeRegExp(args.query), flags);
  } catch (error) {
    return toolFailure('invalid_regex', `invalid regular expression: ${(error as Error).message}`, ['query']);
  }
  const resolved = await resolveInWorkspace(context.workspaceDir, args.path);
  if (!resolved.ok) return toolFailure('path_refused', resolved.error.message, resolved.error.path);
  try {
    await stat(resolved.path);
  } catch (error) {
    return fsFailure(error, resolved.relativePath);
  }

  const deadline = Date.now() + limits.timeBudgetMs;
  // Started with the first text file: a search that finds none costs no thread.
  let matcher: LineMatcher | null = null;
  const result: SearchTextResult = {
    ok: true,
    matches: [],
    truncated: false,
    stopped_by: null,
    files_searched: 0,
    skipped: { binary: 0, too_large: 0 },
  };
  const stop = (reason: NonNullable<SearchTextResult['stopped_by']>) => {
    result.truncated = true;
    result.stopped_by = reason;
  };
  let totalBytes = 0;
  try {
    for await (const file of filesUnder(resolved.path)) {
      if (context.signal?.aborted) return cancelledFailure();
      if (Date.now() >= deadline) {
        stop('time_budget');
        break;
      }
      if (result.files_searched >= limits.maxFiles) {
        stop('max_files');
        break;
      }
      const size = (await lstat(file).catch(() => null))?.size ?? 0;
      if (size > limits.maxFileBytes) {
        result.skipped.too_large += 1;
        continue;
      }
      if (totalBytes + size > limits.maxTotalBytes) {
        stop('max_total_bytes');
        break;
      }
      const bytes = await readFile(file).catch(() => null);
      if (!bytes) continue;
      totalBytes += bytes.length;
      if (looksBinary(bytes, true)) {
        result.skipped.binary += 1;
        continue;
      }
      result.files_searched += 1;
      const limit = args.max_results - result.matches.length;
      // One more than needed tells whether there were more matches than max_results.
      matcher ??= startLineMatcher(pattern);
      const found: LineMatch[] | null = await matcher.match(bytes.toString('utf8'), {
        limit: limit + 1,
        maxText: limits.maxLineText,
        deadline,
        signal: context.signal,
      });
      if (!found) {
        if (context.signal?.aborted) return cancelledFailure();
        stop('time_budget');
        break;
      }
      const shown = toWorkspacePath(resolved.workspaceRoot, file);
      for (const match of found.slice(0, limit)) result.matches.push({ path: shown, ...match });
      if (found.length > limit) {
        stop('max_results');
        break;
      }
    }
  } catch (error) {
    if (errorCode(error)) return fsFailure(error, resolved.relativePath);
    return toolFailure('internal_error', `the search failed: ${(error as Error).message}`);
  } finally {
    await matcher?.close();
  }
  return result;
}

/** Regular files at or under `start`, depth-first in name order; links are not followed. */
async function* filesUnder(start: string): AsyncGenerator<string> {
  const stats = await lstat(start);
  if (stats.isFile()) {
    yield start;
    return;
  }
  if (!stats.isDirectory()) return;
  const entries = await readdir(start, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort(compareNames)) {
    const full = path.join(start, entry.name);
    if (entry.isFile()) yield full;
    else if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) yield* filesUnder(full);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
