import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { TEXT_SNIFF_BYTES, leadingContinuationBytes, looksBinary, utf8CharBoundaryBefore } from './text-content';
import { toolFailure } from './tool-errors';
import { workspacePathTool } from './workspace-path-tool';

export const readFileSchema = z.strictObject({
  path: z.string().describe('File to read, relative to the workspace root.'),
  offset: z.number().int().min(0).default(0).describe('Byte offset to start at; pass `next_offset` of a truncated read to continue.'),
  max_bytes: z.number().int().min(1).max(1_000_000).default(100_000).describe('Read at most this many bytes.'),
});

export type ReadFileResult = {
  ok: true;
  path: string;
  content: string;
  /** Size of the whole file in bytes. */
  size: number;
  /** Where `content` starts (moved forward when `offset` fell inside a UTF-8 character). */
  offset: number;
  bytes_read: number;
  /** More of the file follows `content`. */
  truncated: boolean;
  /** Offset to continue from when truncated. */
  next_offset: number | null;
};

export const readFileTool = workspacePathTool({
  name: 'read_file',
  description:
    'Read a UTF-8 text file of the workspace, from `offset` for at most `max_bytes` bytes (never splitting a character). ' +
    'Binary files are refused. `truncated` and `next_offset` tell whether more follows.',
  schema: readFileSchema,
  async run(args, target) {
    const shown = target.relativePath;
    let handle;
    try {
      // O_NOFOLLOW: the resolved path has no links; one appearing since is refused, not followed.
      handle = await open(target.path, constants.O_RDONLY | constants.O_NOFOLLOW);
      const stats = await handle.stat();
      if (stats.isDirectory()) return toolFailure('is_directory', `${shown} is a directory; use list_files to list it`, ['path']);
      if (!stats.isFile()) return toolFailure('io_error', `${shown} is not a regular file`, ['path']);
      const size = stats.size;

      const sniff = new Uint8Array(Math.min(TEXT_SNIFF_BYTES, size));
      const { bytesRead: sniffed } = await handle.read(sniff, 0, sniff.length, 0);
      if (looksBinary(sniff.subarray(0, sniffed), sniffed >= size)) return binaryFailure(shown);

      const start = Math.min(args.offset, size);
      const wanted = Math.min(args.max_bytes, size - start);
      const buffer = new Uint8Array(wanted);
      const { bytesRead } = await handle.read(buffer, 0, wanted, start);
      const skip = start > 0 ? leadingContinuationBytes(buffer.subarray(0, bytesRead)) : 0;
      const more = start + bytesRead < size;
      const end = more ? Math.max(skip, utf8CharBoundaryBefore(buffer, bytesRead)) : bytesRead;
      const bytes = buffer.subarray(skip, end);
      if (looksBinary(bytes, true)) return binaryFailure(shown);

      const offset = start + skip;
      const truncated = offset + bytes.length < size;
      return {
        ok: true,
        path: shown,
        content: Buffer.from(bytes).toString('utf8'),
        size,
        offset,
        bytes_read: bytes.length,
        truncated,
        next_offset: truncated ? offset + bytes.length : null,
      } satisfies ReadFileResult;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
});

function binaryFailure(shown: string) {
  return toolFailure('binary_file', `${shown} looks like a binary file (NUL bytes or not UTF-8); read_file only returns UTF-8 text`, [
    'path',
  ]);
}
