import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, realpath, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './tool-errors';

/**
 * A run's workspace is one folder, `<root>/<runId>`, and every path a tool receives is resolved
 * inside it by `resolveInWorkspace`. Symbolic links are allowed only while they stay inside.
 */

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Linux gives up after 40 links; so do we. */
const MAX_SYMLINK_HOPS = 40;
/** A backslash is an ordinary file-name character on POSIX systems. */
const SEPARATORS = path.sep === '\\' ? /[\\/]+/ : /\/+/;

export type CreateWorkspaceOptions = {
  /** Folder that holds all workspaces, e.g. `.data/workspaces`; created when missing. */
  root: string;
  /** Becomes the folder name: letters, digits, `.`, `_`, `-` (1–128, starting with a letter or digit). */
  runId: string;
  /** Copied into a new workspace. Symbolic links are recreated only when they lead inside it. */
  templateDir?: string;
};

export type WorkspaceErrorKind = 'invalid_run_id' | 'template_not_found' | 'io_error';

/** Why a workspace could not be created; thrown by `createWorkspace` (setup, not a tool call). */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
  constructor(
    readonly kind: WorkspaceErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Creates the run's workspace and returns its absolute real path. A new workspace is seeded from
 * the template; an existing one (a resumed run) is returned as it is. Template entries that are
 * not copied (links leading out of the template, sockets, …) are simply left out.
 */
export async function createWorkspace({ root, runId, templateDir }: CreateWorkspaceOptions): Promise<string> {
  if (!RUN_ID.test(runId)) throw new WorkspaceError('invalid_run_id', `run id ${JSON.stringify(runId)} cannot name a workspace folder`);
  let templateReal: string | null = null;
  if (templateDir !== undefined) {
    templateReal = await realpath(templateDir).catch(() => null);
    if (!templateReal || !(await stat(/*turbopackIgnore: true*/ templateReal)).isDirectory()) {
      throw new WorkspaceError('template_not_found', `template folder ${templateDir} does not exist`);
    }
  }
  let created: string | null = null;
  try {
    await mkdir(root, { recursive: true });
    const dir = path.join(await realpath(root), runId);
    try {
      await mkdir(dir);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || !(await lstat(dir)).isDirectory()) throw error;
      return dir;
    }
    created = dir;
    if (templateReal) await copyTemplate(templateReal, templateReal, dir, dir);
    return dir;
  } catch (error) {
    // A half-seeded workspace would pass for a ready one next time: remove what this call created.
    if (created) await rm(created, { recursive: true, force: true }).catch(() => undefined);
    throw new WorkspaceError('io_error', `could not create workspace ${runId}: ${(error as Error).message}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Removes the workspaces of the runs retention removed: the folders of `root` named by a run id
 * (a UUID) that sorts before `firstKeptRunId` — run ids are UUIDv7s, so those are the runs created
 * earlier. Other entries are left alone. Returns how many were removed.
 */
export async function removeWorkspacesBefore(root: string, firstKeptRunId: string): Promise<number> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || !UUID.test(entry.name) || entry.name >= firstKeptRunId) continue;
    await rm(path.join(root, entry.name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

async function copyTemplate(templateRoot: string, from: string, workspaceRoot: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true });
  entries.sort(compareNames);
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target);
      await copyTemplate(templateRoot, source, workspaceRoot, target);
    } else if (entry.isFile()) {
      await copyFile(source, target, constants.COPYFILE_EXCL);
    } else if (entry.isSymbolicLink()) {
      const resolved = await realpath(source).catch(() => null);
      // Recreated only when it leads inside the template; links leading out are left out.
      if (resolved && isInside(templateRoot, resolved)) {
        const sameInWorkspace = path.join(workspaceRoot, path.relative(templateRoot, resolved));
        await symlink(path.relative(to, sameInWorkspace) || '.', target);
      }
    }
  }
}

export type ResolvedWorkspacePath = {
  ok: true;
  /** Absolute real path (no symbolic links in it); it may not exist yet. */
  path: string;
  /** The same path relative to the workspace, with `/` separators (`.` for the workspace itself). */
  relativePath: string;
  /** Absolute real path of the workspace. */
  workspaceRoot: string;
  /** The last component of the path given is a symbolic link (`path` is where it leads). */
  isSymlink: boolean;
};

export type PathRefusal = { ok: false; error: { path: string[]; message: string } };

class Refused extends Error {}

/**
 * Resolves a path the model gave, relative to the workspace, to an absolute real path inside it.
 * Refuses (as a value) absolute paths, NUL bytes, `..` leading out, and symbolic links anywhere on
 * the path that lead out, including a last component that does not exist yet (a dangling link).
 * `field` is the argument path reported with a refusal.
 */
export async function resolveInWorkspace(
  workspaceDir: string,
  userPath: string,
  field: string[] = ['path'],
): Promise<ResolvedWorkspacePath | PathRefusal> {
  const refuse = (message: string): PathRefusal => ({ ok: false, error: { path: field, message } });
  if (userPath.includes('\0')) return refuse('the path contains a NUL byte');
  if (path.isAbsolute(userPath)) {
    return refuse(`absolute paths are not allowed (${JSON.stringify(userPath)}); give a path relative to the workspace`);
  }
  let root: string;
  try {
    root = await realpath(workspaceDir);
  } catch {
    return refuse('the workspace folder does not exist');
  }
  const lexical = path.resolve(root, userPath);
  if (!isInside(root, lexical)) return refuse(`${JSON.stringify(userPath)} leads outside the workspace`);

  const segments = path.relative(root, lexical).split(path.sep).filter(Boolean);
  const hops = { count: 0 };
  let current = root;
  let isSymlink = false;
  try {
    for (const [index, segment] of segments.entries()) {
      const candidate = path.join(current, segment);
      const stats = await lstatOrNull(candidate);
      if (!stats) {
        current = path.join(candidate, ...segments.slice(index + 1));
        break;
      }
      if (!stats.isSymbolicLink()) {
        current = candidate;
        continue;
      }
      const target = await followLink(candidate, hops);
      if (!isInside(root, target)) {
        const shown = segments.slice(0, index + 1).join('/');
        return refuse(`${JSON.stringify(shown)} is a symbolic link that leads outside the workspace`);
      }
      current = target;
      isSymlink = index === segments.length - 1;
    }
  } catch (error) {
    if (error instanceof Refused) return refuse(error.message);
    return refuse(`${JSON.stringify(userPath)} cannot be resolved (${errorCode(error) ?? 'error'})`);
  }
  if (!isInside(root, current)) return refuse(`${JSON.stringify(userPath)} leads outside the workspace`);
  return { ok: true, path: current, relativePath: toWorkspacePath(root, current), workspaceRoot: root, isSymlink };
}

/** Where a symbolic link leads, as a real path; works for dangling links too (the kernel's rules). */
async function followLink(link: string, hops: { count: number }): Promise<string> {
  hops.count += 1;
  if (hops.count > MAX_SYMLINK_HOPS) throw new Refused('too many levels of symbolic links');
  const target = await readlink(link);
  const start = path.isAbsolute(target) ? path.parse(target).root : path.dirname(link);
  return walk(start, target.split(SEPARATORS), hops);
}

/** Resolves `segments` from the real folder `start` component by component, following links. */
async function walk(start: string, segments: string[], hops: { count: number }): Promise<string> {
  let current = start;
  for (const [index, segment] of segments.entries()) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      current = path.dirname(current);
      continue;
    }
    const candidate = path.join(current, segment);
    const stats = await lstatOrNull(candidate);
    if (!stats) return path.join(candidate, ...segments.slice(index + 1));
    current = stats.isSymbolicLink() ? await followLink(candidate, hops) : candidate;
  }
  return current;
}

async function lstatOrNull(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** A real path inside the workspace as the model sees it: relative, `/`-separated. */
export function toWorkspacePath(workspaceRoot: string, realPath: string): string {
  return toPosix(path.relative(workspaceRoot, realPath)) || '.';
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** Orders directory entries by name, by code unit (the same on every machine and locale). */
export function compareNames(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
