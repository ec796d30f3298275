import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from './types';

/**
 * Test helper: a temporary folder holding a `workspace/` and, beside it, an `outside/` folder
 * with a `secret.txt` that no tool may reach.
 */
export async function makeTestWorkspace() {
  const base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'switchboard-tools-')));
  const workspaceDir = path.join(base, 'workspace');
  const outsideDir = path.join(base, 'outside');
  await mkdir(workspaceDir);
  await mkdir(outsideDir);
  await writeFile(path.join(outsideDir, 'secret.txt'), 'outside secret\n');
  const context: ToolContext = { workspaceDir, allowCommands: false };
  return {
    base,
    workspaceDir,
    outsideDir,
    context,
    /** Writes a file in the workspace, creating its folders. */
    async put(relative: string, content: string | Uint8Array) {
      const file = path.join(workspaceDir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    /** Creates a symbolic link at `relative` in the workspace pointing to `target` as given. */
    async link(relative: string, target: string) {
      const file = path.join(workspaceDir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await symlink(target, file);
      return file;
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

export type TestWorkspace = Awaited<ReturnType<typeof makeTestWorkspace>>;
