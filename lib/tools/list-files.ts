import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { cancelledFailure, toolFailure } from './tool-errors';
import type { ToolContext } from './types';
import { compareNames } from './workspace';
import { workspacePathTool } from './workspace-path-tool';

export const listFilesSchema = z.strictObject({
  path: z.string().default('.').describe('Folder to list, relative to the workspace root.'),
  recursive: z.boolean().default(false).describe('Also list the contents of sub-folders. Symbolic links are listed, never followed.'),
  max_entries: z.number().int().min(1).max(1000).default(200).describe('Return at most this many entries.'),
});

export type FileEntry = {
  /** Relative to the listed folder, `/`-separated (`src/index.ts` in a recursive listing). */
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Bytes, for files only. */
  size: number | null;
};

export type ListFilesResult = { ok: true; path: string; entries: FileEntry[]; truncated: boolean };

export const listFilesTool = workspacePathTool({
  name: 'list_files',
  description:
    'List a folder of the workspace: name, type (file, dir, symlink) and size of each entry, sorted by name ' +
    '(depth-first when recursive). `truncated` is true when there were more than `max_entries` entries.',
  schema: listFilesSchema,
  async run(args, target, context) {
    if (!(await stat(target.path)).isDirectory()) {
      return toolFailure('not_a_directory', `${target.relativePath} is a file; use read_file to read it`, ['path']);
    }
    const listing = await listFolder(target.path, args.recursive, args.max_entries, context);
    if (!listing) return cancelledFailure();
    return { ok: true, path: target.relativePath, ...listing } satisfies ListFilesResult;
  },
});

async function listFolder(
  folder: string,
  recursive: boolean,
  maxEntries: number,
  context: ToolContext,
): Promise<{ entries: FileEntry[]; truncated: boolean } | null> {
  const entries: FileEntry[] = [];
  let truncated = false;

  // Depth-first in name order; stops at the first entry beyond the limit.
  async function visit(dir: string, prefix: string, isTop: boolean): Promise<void> {
    let dirents;
    try {
      dirents = (await readdir(dir, { withFileTypes: true })).sort(compareNames);
    } catch (error) {
      if (isTop) throw error;
      return; // An unreadable sub-folder is still listed itself; its contents are not.
    }
    for (const dirent of dirents) {
      if (truncated || context.signal?.aborted) return;
      if (entries.length >= maxEntries) {
        truncated = true;
        return;
      }
      const name = prefix ? `${prefix}/${dirent.name}` : dirent.name;
      const full = path.join(dir, dirent.name);
      if (dirent.isSymbolicLink()) {
        entries.push({ name, type: 'symlink', size: null });
      } else if (dirent.isDirectory()) {
        entries.push({ name, type: 'dir', size: null });
        if (recursive) await visit(full, name, false);
      } else if (dirent.isFile()) {
        const stats = await lstat(full).catch(() => null);
        entries.push({ name, type: 'file', size: stats?.size ?? null });
      } else {
        entries.push({ name, type: 'other', size: null });
      }
    }
  }

  await visit(folder, '', true);
  return context.signal?.aborted ? null : { entries, truncated };
}
