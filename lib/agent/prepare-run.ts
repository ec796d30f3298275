import { join } from 'node:path';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { resolveRuntimeConfig, type ResolvedProfile } from '@/lib/config/runtime-config';
import { accountFingerprint } from '@/lib/providers/core/runtime';
import type { Message, SessionState, ToolDefinition } from '@/lib/providers/core/types';
import { DEFAULT_SYSTEM_PROMPT, startRunInputSchema, type RunOptions } from '@/lib/runs/run-input';
import type { Logger } from '@/lib/server/logger';
import type { FencedRun, RunEnd } from '@/lib/store/fenced-run';
import { toolDefinitions } from '@/lib/tools/registry';
import { createWorkspace } from '@/lib/tools/workspace';
import { processCooldowns, type Cooldowns } from './fallback-chain';
import { carriedReasoning } from './carried-reasoning';
import type { ReplayState } from './replay';
import { applyRecordedWrites } from './replay-step';
import { answerUnfinishedToolCalls, finalAnswerCommitted } from './resume';

/** A claimed run while the conductor executes it: what it was started with and what it has so far. */
export type ExecutingRun = {
  fenced: FencedRun;
  log: Logger;
  /** Aborted when the run is cancelled or lost. */
  signal: AbortSignal;
  profile: ProviderProfile;
  fallbackProfiles: ProviderProfile[];
  cooldowns: Cooldowns;
  /** A profile of the chain → its runtime configuration (the key read from the environment). */
  resolve(profile: ProviderProfile): ResolvedProfile;
  options: RunOptions;
  tools: ToolDefinition[];
  workspaceDir: string;
  /** The conversation so far; each turn adds its reply and tool results. */
  conversation: Message[];
  /** Each profile's session state (streaming disabled, the last response id …), kept with the run. */
  sessions: Record<string, SessionState>;
  /** A resumed run continues after its earlier turns (failed ones included, with their provider calls); a fork after its fork point. */
  firstTurn: number;
  /** A replay: the recording it serves tool results from. */
  replay: ReplayState | null;
};

export type PrepareDeps = {
  workerId: string;
  log: Logger;
  signal: AbortSignal;
  simulatorUrl: string | null;
  workspacesRoot: string;
  env?: Record<string, string | undefined>;
  cooldowns?: Cooldowns;
};

/**
 * Everything a run needs before its first turn: its profile and options (as snapshotted when it was
 * started), a configuration it can be called with, its workspace and tools, and its conversation —
 * opened, or as a resumed run left it. A run that cannot start (no key) or has nothing left to do
 * (its final answer was committed before its worker died) ends here.
 */
export async function prepareRun(fenced: FencedRun, deps: PrepareDeps): Promise<{ run: ExecutingRun } | { end: RunEnd }> {
  const row = fenced.run;
  const profile = providerProfileSchema.parse(row.profile);
  const options = startRunInputSchema.shape.options.parse(row.options);
  const env = deps.env ?? process.env;
  const resolvedProfile = resolveRuntimeConfig(profile, env, { simulatorUrl: deps.simulatorUrl ?? undefined, simulatorSession: fenced.id });
  if (!resolvedProfile.ok) return { end: { status: 'failed', error: { kind: 'config', message: resolvedProfile.reason } } };
  const resolve = (candidate: ProviderProfile) =>
    candidate === profile
      ? resolvedProfile
      : resolveRuntimeConfig(candidate, env, { simulatorUrl: deps.simulatorUrl ?? undefined, simulatorSession: fenced.id });
  const workspaceDir = await createWorkspace({
    root: deps.workspacesRoot,
    runId: fenced.id,
    ...(options.workspaceTemplate ? { templateDir: join(process.cwd(), 'workspace-templates', options.workspaceTemplate) } : {}),
  });
  const tools = toolDefinitions({ allowCommands: options.allowCommands }).filter((tool) => options.tools.includes(tool.name as never));

  fenced.events.append('status', { status: 'running', workerId: deps.workerId, resumed: row.resumeCount > 0 });
  const opened = await conversationSoFar(fenced, options, row.task);
  if (await finalAnswerCommitted(fenced, opened)) return { end: { status: 'succeeded' } };
  const conversation = await answerUnfinishedToolCalls(opened, (answer) => fenced.appendMessages([answer]));
  const sessions = { ...((row.providerState as { sessions?: Record<string, SessionState> }).sessions ?? {}) };
  const fallbackProfiles = ((row.options as { fallbackProfiles?: unknown[] }).fallbackProfiles ?? []).map((snapshot) =>
    providerProfileSchema.parse(snapshot),
  );
  const cooldowns = deps.cooldowns ?? processCooldowns;
  const firstTurn = await fenced.nextTurnIndex();
  const replay =
    row.lineage === 'replay' && row.parentRunId
      ? {
          parentRunId: row.parentRunId,
          mode: row.replayMode === 'continue' ? ('continue' as const) : ('stop' as const),
          recorded: await fenced.recordedToolCallsOf(row.parentRunId),
          diverged: row.replayDivergence !== null,
        }
      : null;
  if (row.lineage === 'fork' && row.parentRunId && firstTurn === (row.forkedAtTurn ?? -1) + 1) {
    fenced.events.append('notice', {
      notice: 'fork-reasoning',
      ...carriedReasoning(conversation, accountFingerprint(resolvedProfile.config)),
    });
    const carried = [...(await fenced.recordedToolCallsOf(row.parentRunId)).entries()].filter(([index]) => index <= row.forkedAtTurn!);
    await applyRecordedWrites(
      { workspaceDir, signal: deps.signal },
      carried.flatMap(([, calls]) => calls),
    );
  }
  return {
    run: {
      fenced,
      log: deps.log,
      signal: deps.signal,
      profile,
      fallbackProfiles,
      cooldowns,
      resolve,
      options,
      tools,
      workspaceDir,
      conversation,
      sessions,
      firstTurn,
      replay,
    },
  };
}

/** The conversation a resumed run has, or the opening of a new one (system prompt and task), written first. */
async function conversationSoFar(fenced: FencedRun, options: RunOptions, task: string): Promise<Message[]> {
  const conversation = await fenced.conversation();
  if (conversation.length) return conversation;
  const opening: Message[] = [
    { role: 'system', content: options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT },
    { role: 'user', content: [{ type: 'text', text: task }] },
  ];
  await fenced.appendMessages(opening);
  return opening;
}
