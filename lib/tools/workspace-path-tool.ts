import type { z } from 'zod';
import { fsFailure, toolFailure } from './tool-errors';
import type { BuiltinTool, ToolContext, ToolResult } from './types';
import { resolveInWorkspace, type ResolvedWorkspacePath } from './workspace';

/** A tool that works on one path of the workspace, given as its `path` argument. */
export type WorkspacePathToolSpec<S extends z.ZodObject> = Omit<BuiltinTool<S>, 'execute'> & {
  /**
   * Runs on the resolved path (a refused path never gets here). A file-system error it throws is
   * the failure `fsFailure` makes of it, naming the path relative to the workspace.
   */
  run(args: z.output<S>, target: ResolvedWorkspacePath, context: ToolContext): Promise<ToolResult>;
};

/** Declares a tool on a workspace path: resolving `path` and refusing one that leads out is done here, once. */
export function workspacePathTool<S extends z.ZodObject & z.ZodType<{ path: string }>>(spec: WorkspacePathToolSpec<S>): BuiltinTool<S> {
  const { run, ...tool } = spec;
  return {
    ...tool,
    async execute(args, context) {
      const target = await resolveInWorkspace(context.workspaceDir, args.path);
      if (!target.ok) return toolFailure('path_refused', target.error.message, target.error.path);
      try {
        return await run(args, target, context);
      } catch (error) {
        return fsFailure(error, target.relativePath);
      }
    },
  };
}
