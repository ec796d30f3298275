import type { ToolError, ToolErrorCode, ToolFailure } from './types';

export function toolFailure(code: ToolErrorCode, message: string, path?: string[]): ToolFailure {
  const error: ToolError = path ? { code, message, path } : { code, message };
  return { ok: false, error };
}

/**
 * Maps a file-system error to a failure whose message names the workspace-relative path only
 * (Node's own messages carry absolute host paths, which the model has no business seeing).
 */
export function fsFailure(error: unknown, displayPath: string): ToolFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return toolFailure('not_found', `${displayPath} does not exist`, ['path']);
    case 'ENOTDIR':
      return toolFailure('not_a_directory', `a component of ${displayPath} is not a directory`, ['path']);
    case 'EISDIR':
      return toolFailure('is_directory', `${displayPath} is a directory`, ['path']);
    case 'ELOOP':
      return toolFailure('symlink_refused', `${displayPath} is a symbolic link (or a loop of them)`, ['path']);
    case 'EACCES':
    case 'EPERM':
      return toolFailure('permission_denied', `permission denied: ${displayPath}`, ['path']);
    default:
      return toolFailure('io_error', `could not access ${displayPath}${code ? ` (${code})` : ''}`, ['path']);
  }
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function cancelledFailure(): ToolFailure {
  return toolFailure('cancelled', 'the run was cancelled before the tool finished');
}
