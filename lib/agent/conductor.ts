import { join } from 'node:path';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { requestSettings, resolveRuntimeConfig } from '@/lib/config/runtime-config';
import { executeCall } from '@/lib/providers/core/execute';
import type { Message, ProviderResult, SessionState, StreamEvent, ToolResultPart } from '@/lib/providers/core/types';
import { providerRuntimes } from '@/lib/providers/registry';
import { CANCELLED_NOTICE, describeCallError, isUserCancel } from '@/lib/runs/call-error-text';
import type { Database } from '@/lib/store/database';
import { FencedRun, RunLostError, type RecordedCall, type RunEnd, type ToolCallRecord, type TurnRef } from '@/lib/store/fenced-run';
import { executeToolCall } from '@/lib/tools/dispatch';
import { toolDefinitions } from '@/lib/tools/registry';
import { createWorkspace } from '@/lib/tools/workspace';
import { activeChain, Cooldowns, FALLBACK_KINDS, processCooldowns, reasoningAfterSwitch } from './fallback-chain';
import { DeltaRedaction } from './delta-redaction';
import { artifactStack } from './error-stack';
import type { Logger } from '../server/logger';
import { RunHeartbeats } from '../worker/run-heartbeats';
import { DEFAULT_SYSTEM_PROMPT, startRunInputSchema, type RunOptions } from '../runs/run-input';

export type ConductorDeps = {
  db: Database;
  workerId: string;
  logger: Logger;
  simulatorUrl: string | null;
  workspacesRoot: string;
  env?: Record<string, string | undefined>;
  /** How often the heartbeat is written and cancellation checked (when `heartbeats` is not given). */
  heartbeatMs?: number;
  /** The worker's shared heartbeat writer (one statement per tick for all its runs). */
  heartbeats?: RunHeartbeats;
  cooldowns?: Cooldowns;
};

/** `lost`: the run was taken from this worker (marked interrupted while it ran); it wrote no end. */
export type RunOutcome = 'skipped' | 'succeeded' | 'failed' | 'cancelled' | 'lost';

/** Maps a runtime event to what the run log keeps; argument fragments are not kept (the call is). */
function runEventOf(event: StreamEvent): { type: string; payload: Record<string, unknown> } | null {
  switch (event.type) {
    case 'text-delta':
      return { type: 'text-delta', payload: { text: event.text } };
    case 'reasoning-delta':
      return { type: 'reasoning-delta', payload: { text: event.text } };
    case 'tool-call-delta':
      return null;
    case 'tool-call':
      return { type: 'tool-call', payload: { id: event.call.id, name: event.call.name, arguments: event.call.arguments } };
    case 'invalid-tool-call':
      return { type: 'tool-call', payload: { id: event.call.id, name: event.call.name, rawArguments: event.call.rawArguments, invalid: event.call.error } };
    case 'reasoning':
      return {
        type: 'reasoning',
        payload: {
          text: event.part.text ?? null,
          encryptedBytes: event.part.encrypted ? Buffer.byteLength(event.part.encrypted) : 0,
          signatureBytes: event.part.signature ? Buffer.byteLength(event.part.signature) : 0,
          redacted: !!event.part.redacted,
        },
      };
    case 'notice':
      return { type: 'notice', payload: { notice: event.notice, message: event.message, details: event.details ?? {} } };
    case 'error':
      // The call ended `cancelled` (its ProviderCall row says so): the user stopped it, no provider failed.
      if (isUserCancel(event.error.kind)) return { type: 'notice', payload: { notice: 'cancelled', message: CANCELLED_NOTICE, details: {} } };
      return {
        type: 'error',
        payload: {
          message: `[provider-error] ${describeCallError(event.error.kind, event.error.status)} ${event.error.hint}`,
          kind: event.error.kind,
          status: event.error.status,
          hint: event.error.hint,
        },
      };
    case 'usage':
      return { type: 'usage', payload: { usage: event.usage } };
    case 'attempt-start':
      return { type: 'attempt', payload: { attempt: event.attempt, streamed: event.streamed } };
    case 'finish':
      return { type: 'finish', payload: { finishReason: event.finishReason } };
  }
}

/**
 * Executes a run turn by turn: provider call → events → tool calls → next turn, until a final
 * answer, max turns, cancellation or a fatal error. Everything is recorded as it happens.
 */
export async function executeRun(runId: string, deps: ConductorDeps): Promise<RunOutcome> {
  const { db, logger } = deps;
  const fenced = await FencedRun.claim(db, runId, deps.workerId);
  if (!fenced) return 'skipped';
  const run = fenced.run;
  const log = logger.child({ runId });
  const writer = fenced.events;
  const controller = new AbortController();
  // The run is this worker's while it is `running` with our id. A worker that stalled past the
  // stale threshold (paused VM, long GC) finds its run interrupted — maybe resumed elsewhere — and
  // stops: it aborts and writes no end.
  // The worker's shared heartbeats, or (a conductor called on its own, as in tests) our own.
  const ownHeartbeats = deps.heartbeats ? null : new RunHeartbeats(db, deps.workerId, deps.heartbeatMs ?? 500, log);
  const unwatch = (deps.heartbeats ?? ownHeartbeats!).watch(runId, {
    lost: () => {
      fenced.markLost();
      if (!controller.signal.aborted) controller.abort('run lost');
    },
    cancelRequested: () => {
      if (!controller.signal.aborted) controller.abort('cancel requested');
    },
  });
  const stopHeartbeat = () => {
    unwatch();
    ownHeartbeats?.stop();
  };

  const finish = async (end: RunEnd): Promise<RunOutcome> => {
    stopHeartbeat();
    await fenced.finish(end);
    log.info({ status: end.status }, 'run finished');
    return end.status;
  };

  /** The turn being executed, for an internal failure's artifact. */
  let currentTurn: TurnRef | null = null;

  try {
    const profile: ProviderProfile = providerProfileSchema.parse(run.profile);
    const options: RunOptions = startRunInputSchema.shape.options.parse(run.options);
    const resolved = resolveRuntimeConfig(profile, deps.env ?? process.env, { simulatorUrl: deps.simulatorUrl ?? undefined, simulatorSession: runId });
    if (!resolved.ok) return await finish({ status: 'failed', error: { kind: 'config', message: resolved.reason } });
    const workspaceDir = await createWorkspace({
      root: deps.workspacesRoot,
      runId,
      ...(options.workspaceTemplate ? { templateDir: join(process.cwd(), 'workspace-templates', options.workspaceTemplate) } : {}),
    });
    const tools = toolDefinitions({ allowCommands: options.allowCommands }).filter((tool) => options.tools.includes(tool.name as never));

    writer.append('status', { status: 'running', workerId: deps.workerId, resumed: run.resumeCount > 0 });
    let conversation = await fenced.conversation();
    if (!conversation.length) {
      const opening: Message[] = [
        { role: 'system', content: options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT },
        { role: 'user', content: [{ type: 'text', text: run.task }] },
      ];
      await fenced.appendMessages(opening);
      conversation = opening;
    }
    // Resumed after its final answer was committed (the worker died before it could say so).
    if (await finalAnswerCommitted(fenced, conversation)) return await finish({ status: 'succeeded' });
    conversation = await answerUnfinishedToolCalls(conversation, (answer) => fenced.appendMessages([answer]));
    const sessions: Record<string, SessionState> = { ...((run.providerState as { sessions?: Record<string, SessionState> }).sessions ?? {}) };
    const fallbackProfiles = ((run.options as { fallbackProfiles?: unknown[] }).fallbackProfiles ?? []).map((snapshot) => providerProfileSchema.parse(snapshot));
    const cooldowns = deps.cooldowns ?? processCooldowns;
    // A resumed run keeps its earlier turns (failed ones included, with their provider calls) and continues after them.
    const firstTurn = await fenced.turnCount();

    for (let index = firstTurn; index < options.maxTurns; index++) {
      const turn = await fenced.startTurn(index);
      currentTurn = turn;
      let result!: ProviderResult;
      // The last call of the turn is recorded with what the turn makes of it (one transaction).
      let lastCall!: RecordedCall;
      const chain = activeChain([profile, ...fallbackProfiles], cooldowns);
      for (const [position, candidate] of chain.entries()) {
        const resolvedCandidate = candidate === profile ? resolved : resolveRuntimeConfig(candidate, deps.env ?? process.env, { simulatorUrl: deps.simulatorUrl ?? undefined, simulatorSession: runId });
        if (!resolvedCandidate.ok) {
          writer.append('notice', { notice: 'fallback-skipped', message: `Fallback ${candidate.name} skipped: ${resolvedCandidate.reason}` });
          continue;
        }
        writer.append('turn-start', { index, turnId: turn.id, profile: candidate.name, model: candidate.model, fallback: candidate !== profile });
        const settings = reasoningAfterSwitch(
          { ...requestSettings(candidate), messages: conversation, tools, session: sessions[candidate.name] ?? {}, signal: controller.signal },
          resolvedCandidate.config,
          conversation,
        );
        if (settings.dropped) {
          writer.append('notice', { notice: 'reasoning-dropped', message: `${candidate.name}: thinking is off for this call (the previous tool-use turn came from another provider).` });
        }
        const call = executeCall(providerRuntimes.get(candidate.runtime), resolvedCandidate.config, settings.request);
        // Tool calls whose arguments began streaming in this attempt (by their index in the reply).
        let toolCallsStarted = new Set<number>();
        const deltas = new DeltaRedaction();
        const write = (streamed: StreamEvent) => {
          const event = runEventOf(streamed);
          if (event) writer.append(event.type, event.payload);
        };
        for (;;) {
          const next = await call.next();
          if (next.done) {
            result = next.value;
            deltas.end().forEach(write);
            break;
          }
          const streamed = deltas.map(next.value);
          if (next.value.type === 'attempt-start') toolCallsStarted = new Set();
          if (next.value.type === 'tool-call-delta' && !toolCallsStarted.has(next.value.index)) {
            toolCallsStarted.add(next.value.index);
            streamed.slice(0, -1).forEach(write);
            writer.append('tool-call-start', { index: next.value.index, id: next.value.id ?? null, name: next.value.name ?? null });
            continue;
          }
          streamed.forEach(write);
          if (next.value.type === 'notice' && next.value.notice === 'streaming-disabled') log.warn(next.value.message);
          if (next.value.type === 'error' && !isUserCancel(next.value.error.kind)) {
            log.error(`[provider-error] ${describeCallError(next.value.error.kind, next.value.error.status)} ${next.value.error.hint}`);
          }
        }
        if (fenced.isLost) throw new RunLostError(runId);
        sessions[candidate.name] = result.session;
        const recorded: RecordedCall = { profile: candidate, result, providerState: { sessions } };
        const following = chain[position + 1];
        if (!result.error || !FALLBACK_KINDS.has(result.error.kind) || !following) {
          lastCall = recorded;
          break;
        }
        await fenced.recordFailedCall(turn, recorded);
        cooldowns.coolDown(candidate.name);
        const message = `[fallback] ${candidate.name} failed (${result.error.kind}); switching to ${following.name}`;
        writer.append('fallback', { from: candidate.name, to: following.name, kind: result.error.kind, message });
        log.warn(message);
      }

      if (result.error) {
        // A failed call's partial output stays in the run log, not in the conversation a resume replays.
        await fenced.finishTurn(turn, { status: result.error.kind === 'cancelled' ? 'cancelled' : 'failed', finishReason: 'error', call: lastCall });
        if (result.error.kind === 'cancelled') return await finish({ status: 'cancelled' });
        return await finish({ status: 'failed', error: { kind: result.error.kind, message: result.error.message } });
      }

      conversation = [...conversation, result.message];
      const calls = [...result.toolCalls.map((call) => ({ call, invalid: null })), ...result.invalidToolCalls.map((invalid) => ({ call: null, invalid }))];
      if (!calls.length) {
        // The call, the final answer and its turn's success commit together.
        await fenced.finishTurn(turn, { status: 'succeeded', finishReason: result.finishReason, call: lastCall, messages: [result.message] });
        return await finish({ status: 'succeeded' });
      }
      await fenced.recordReply(turn, lastCall, result.message);

      const results: ToolResultPart[] = [];
      const toolCallRows: ToolCallRecord[] = [];
      for (const { call, invalid } of calls) {
        const id = call?.id ?? invalid!.id;
        const name = call?.name ?? invalid!.name;
        const startedAt = new Date();
        const outcome = call
          ? await executeToolCall({ name, arguments: call.arguments }, { workspaceDir, allowCommands: options.allowCommands, signal: controller.signal })
          : { ok: false as const, errors: [{ path: [], message: invalid!.error }] };
        const validationErrors = 'errors' in outcome ? outcome.errors : null;
        toolCallRows.push({
          providerCallId: id,
          name,
          rawArguments: call?.rawArguments ?? invalid!.rawArguments,
          arguments: call ? (call.arguments as object) : undefined,
          validationErrors: validationErrors ?? undefined,
          result: outcome,
          isError: outcome.ok === false,
          durationMs: Date.now() - startedAt.getTime(),
          startedAt,
          finishedAt: new Date(),
        });
        writer.append('tool-result', { id, name, ok: outcome.ok, result: outcome });
        results.push({ type: 'tool-result', toolCallId: id, toolName: name, output: outcome, isError: outcome.ok === false });
        if (controller.signal.aborted) break;
      }
      const toolMessage: Message = { role: 'tool', content: results };
      conversation = [...conversation, toolMessage];
      await fenced.finishTurn(turn, { status: 'succeeded', finishReason: result.finishReason, toolCalls: toolCallRows, messages: [toolMessage] });
      if (controller.signal.aborted) return await finish({ status: 'cancelled' });
    }
    writer.append('notice', { notice: 'max-turns', message: `Stopped after ${options.maxTurns} turns (the run's limit).` });
    return await finish({ status: 'succeeded' });
  } catch (error) {
    if (fenced.isLost || error instanceof RunLostError) {
      log.warn('the run was marked interrupted while this worker ran it (stalled past the stale threshold); it stops here');
      return 'lost';
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: message }, 'run failed inside the conductor');
    // A bug of ours, not the provider's: its artifact keeps the stack (our own frames, relative paths) and the turn ends failed.
    const failedTurn = currentTurn ? { turn: currentTurn, stack: artifactStack(error instanceof Error ? error.stack : null) } : undefined;
    return await finish({ status: 'failed', error: { kind: 'internal', message }, ...(failedTurn ? { failedTurn } : {}) }).catch((failure: unknown) =>
      failure instanceof RunLostError ? ('lost' as const) : ('failed' as const),
    );
  } finally {
    stopHeartbeat();
  }
}

/**
 * Whether the run's last turn succeeded with a final answer (an assistant message without tool
 * calls): then a resume has nothing left to ask the provider.
 */
async function finalAnswerCommitted(fenced: FencedRun, conversation: Message[]): Promise<boolean> {
  const last = conversation.at(-1);
  if (last?.role !== 'assistant' || last.content.some((part) => part.type === 'tool-call')) return false;
  return fenced.lastTurnSucceededWithoutToolResults();
}

/**
 * A worker that died between a tool call and its result leaves calls without answers, which every
 * provider refuses. They are answered as interrupted (not re-run: a write may already have happened).
 */
async function answerUnfinishedToolCalls(conversation: Message[], append: (answer: Message) => Promise<void>): Promise<Message[]> {
  const last = conversation.at(-1);
  if (last?.role !== 'assistant') return conversation;
  const calls = last.content.filter((part) => part.type === 'tool-call');
  if (!calls.length) return conversation;
  const answer: Message = {
    role: 'tool',
    content: calls.map((call) => ({
      type: 'tool-result',
      toolCallId: call.id,
      toolName: call.name,
      output: { ok: false, error: { code: 'interrupted', message: 'The run was interrupted before this tool call finished; it may or may not have taken effect.' } },
      isError: true,
    })),
  };
  await append(answer);
  return [...conversation, answer];
}

export function workspacesRoot(cwd: string = process.cwd()): string {
  return join(cwd, '.data/workspaces');
}
