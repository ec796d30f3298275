import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorCode, toolFailure } from './tool-errors';
import { resolveInWorkspace, toWorkspacePath } from './workspace';
import { workspacePathTool } from './workspace-path-tool';

export const MAX_WRITE_BYTES = 1_000_000;

export const writeFileSchema = z.strictObject({
  path: z.string().describe('File to write, relative to the workspace root. It is created or replaced.'),
  content: z
    .string()
    .max(MAX_WRITE_BYTES)
    .refine((content) => Buffer.byteLength(content, 'utf8') <= MAX_WRITE_BYTES, {
      message: `content is larger than ${MAX_WRITE_BYTES} bytes once encoded as UTF-8`,
    })
    .describe(`The whole new content of the file (UTF-8, at most ${MAX_WRITE_BYTES} bytes).`),
  create_dirs: z.boolean().default(true).describe('Create missing parent folders.'),
});

export type WriteFileResult = { ok: true; path: string; bytes_written: number; created: boolean };

export const writeFileTool = workspacePathTool({
  name: 'write_file',
  description:
    'Create or replace a UTF-8 text file of the workspace with `content` (at most 1 MB). ' +
    'Missing parent folders are created unless `create_dirs` is false. Symbolic links are never written through.',
  schema: writeFileSchema,
  async run(args, target, context) {
    if (target.isSymlink) {
      return toolFailure('symlink_refused', `${JSON.stringify(args.path)} is a symbolic link; write_file does not write through links`, [
        'path',
      ]);
    }
    const folder = path.dirname(target.path);
    let handle;
    try {
      if (args.create_dirs) {
        await mkdir(folder, { recursive: true });
        // Folders were created: make sure the path still resolves to the same place.
        const again = await resolveInWorkspace(context.workspaceDir, args.path);
        if (!again.ok) return toolFailure('path_refused', again.error.message, again.error.path);
        if (again.isSymlink || again.path !== target.path) {
          return toolFailure('symlink_refused', `${JSON.stringify(args.path)} changed while it was written; nothing was written`, ['path']);
        }
      }
      const existed = await lstat(target.path).then(
        () => true,
        () => false,
      );
      // O_NOFOLLOW: a link that appeared at the last component since it was resolved is refused.
      handle = await open(target.path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
      const bytes = Buffer.from(args.content, 'utf8');
      await handle.writeFile(bytes);
      return { ok: true, path: target.relativePath, bytes_written: bytes.length, created: !existed } satisfies WriteFileResult;
    } catch (error) {
      if (errorCode(error) === 'ENOENT' && !args.create_dirs) {
        const parent = toWorkspacePath(target.workspaceRoot, folder);
        return toolFailure('not_found', `folder ${parent} does not exist (set create_dirs to true to create it)`, ['path']);
      }
      throw error;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
});
