import 'server-only';
import type { ReplayDivergence } from '@/lib/run-events/schema';
import { turnNumber } from '@/lib/run-events/turn-number';
import type { Database } from '@/lib/store/database';
import type { ProviderCall, Run, ToolCall, Turn } from '@/lib/store/generated/prisma/client';
import { redact, redactText } from '@/lib/redaction/redact';
import { diffAnswers, type DiffPiece } from './answer-diff';
import { runLineageOf, type RunLineage } from './run-detail';
import { finalAnswerOf } from './final-answer';

/**
 * A comparison as its page, `GET /api/comparisons/[id]`, the CLI and the exports show it: the member
 * runs side by side, aligned by turn (a fork's turns continue its parent's numbering, so a
 * fork point lines up), with a summary per run, the best of each metric marked, and how each final
 * answer differs from the first column's. Values a provider did not report stay null.
 */
export type ComparisonView = {
  id: string;
  kind: string;
  task: string;
  createdAt: string;
  members: ComparisonMember[];
  turns: AlignedTurn[];
  /** Per metric, the run ids that did best (several on a tie; none when no member has a value). */
  best: Record<SummaryMetric, string[]>;
};

export type SummaryMetric = 'costUsd' | 'wallMs' | 'turns' | 'errors' | 'outputTokens';

export type ComparisonMember = {
  runId: string;
  position: number;
  profileName: string;
  provider: string;
  runtime: string;
  model: string;
  /** The Simulator fault scenario this member ran under (its profile's, or one chosen for it); null for none. */
  faultScenario: string | null;
  status: string;
  errorKind: string | null;
  lineage: RunLineage | null;
  replayDivergence: ReplayDivergence | null;
  summary: {
    /** Our estimate over the run's priced attempts; null when none had a price. */
    costUsd: number | null;
    /** What the providers reported (OpenRouter); null when none did. */
    providerCostUsd: number | null;
    /** From start to end (to now while it runs); null before it starts. */
    wallMs: number | null;
    turns: number;
    errors: number;
    inputTokens: number;
    outputTokens: number;
    /** succeeded, failed (kind), cancelled, …, and for a replay where it left the recording. */
    outcome: string;
  };
  finalAnswer: string | null;
  /** How this answer differs from the first column's (null for the first column, or when either has none). */
  answerDiff: DiffPiece[] | null;
};

/** One turn index across the members: a cell per member, in column order. */
export type AlignedTurn = { index: number; cells: TurnCell[] };

export type TurnCell =
  | { kind: 'none' }
  /** A fork's turn before its fork point: the parent's, carried. */
  | { kind: 'carried'; fromRunId: string | null }
  | {
      kind: 'turn';
      status: string;
      finishReason: string | null;
      toolCalls: { name: string; arguments: unknown; isError: boolean; replayed: boolean }[];
      /** Over the turn's attempts; null where no attempt reported it. */
      inputTokens: number | null;
      outputTokens: number | null;
      cacheReadTokens: number | null;
      cacheWriteTokens: number | null;
      costUsd: number | null;
      providerCostUsd: number | null;
      /** The turn's last attempt's. */
      latencyMs: number | null;
      ttftMs: number | null;
      attempts: number;
      retries: number;
      fallbacks: number;
      /** How the last attempt's reply came: streamed, the non-streaming fallback, not streamed (asked not to), or no reply. */
      delivery: 'streamed' | 'fallback' | 'not-streamed' | 'not-started' | null;
      profiles: string[];
    };

type MemberRows = { run: Run; turns: Turn[]; calls: ProviderCall[]; toolCalls: ToolCall[]; finalAnswer: string | null };

export async function getComparisonView(db: Database, comparisonId: string, now = new Date()): Promise<ComparisonView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(comparisonId)) return null;
  const comparison = await db.comparison.findUnique({
    where: { id: comparisonId },
    include: { members: { orderBy: { position: 'asc' }, include: { run: true } } },
  });
  if (!comparison) return null;
  const runIds = comparison.members.map((member) => member.runId);
  const [turns, calls, toolCalls, answers] = await Promise.all([
    db.turn.findMany({ where: { runId: { in: runIds } }, orderBy: { index: 'asc' } }),
    db.providerCall.findMany({ where: { runId: { in: runIds } }, orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }] }),
    db.toolCall.findMany({ where: { runId: { in: runIds } }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] }),
    Promise.all(runIds.map((runId) => finalAnswerOf(db, runId))),
  ]);
  const rows: MemberRows[] = comparison.members.map((member, position) => ({
    run: member.run,
    turns: turns.filter((turn) => turn.runId === member.runId),
    calls: calls.filter((call) => call.runId === member.runId),
    toolCalls: toolCalls.filter((call) => call.runId === member.runId),
    finalAnswer: answers[position] ?? null,
  }));
  return buildComparisonView(
    { id: comparison.id, kind: comparison.kind, task: redactText(comparison.task), createdAt: comparison.createdAt.toISOString() },
    rows,
    now,
  );
}

/** The view of loaded rows (pure: the tests build it from rows). */
export function buildComparisonView(
  head: Pick<ComparisonView, 'id' | 'kind' | 'task' | 'createdAt'>,
  rows: MemberRows[],
  now: Date,
): ComparisonView {
  const first = rows[0]?.finalAnswer ?? null;
  const members = rows.map((row, position) =>
    memberOf(row, position, now, position > 0 && first !== null && row.finalAnswer !== null ? diffAnswers(first, row.finalAnswer) : null),
  );
  const indexes = new Set<number>();
  for (const row of rows) {
    for (const turn of row.turns) indexes.add(turn.index);
    if (row.run.lineage === 'fork' && row.run.forkedAtTurn !== null)
      for (let index = 0; index <= row.run.forkedAtTurn; index++) indexes.add(index);
  }
  const turns = [...indexes].sort((a, b) => a - b).map((index) => ({ index, cells: rows.map((row) => cellOf(row, index)) }));
  return { ...head, members, turns, best: bestOf(members) };
}

function faultScenarioOf(profile: unknown): string | null {
  const scenario = profile && typeof profile === 'object' ? (profile as { simulatorScenario?: unknown }).simulatorScenario : undefined;
  return typeof scenario === 'string' && scenario.trim() ? redactText(scenario.trim()) : null;
}

function memberOf(row: MemberRows, position: number, now: Date, answerDiff: DiffPiece[] | null): ComparisonMember {
  const { run } = row;
  const divergence = (run.replayDivergence as ReplayDivergence | null) ?? null;
  const end = run.finishedAt ?? (run.startedAt ? now : null);
  return {
    runId: run.id,
    position,
    profileName: run.profileName,
    provider: run.provider,
    runtime: run.runtime,
    model: run.model,
    faultScenario: faultScenarioOf(run.profile),
    status: run.status,
    errorKind: run.errorKind,
    lineage: runLineageOf(run),
    replayDivergence: divergence,
    summary: {
      costUsd: run.costUsd === null ? null : Number(run.costUsd),
      providerCostUsd: run.providerCostUsd === null ? null : Number(run.providerCostUsd),
      wallMs: run.startedAt && end ? end.getTime() - run.startedAt.getTime() : null,
      turns: row.turns.length,
      errors: run.errorCount,
      inputTokens: run.inputTokens,
      outputTokens: run.outputTokens,
      outcome: outcomeOf(run, divergence),
    },
    finalAnswer: row.finalAnswer,
    answerDiff,
  };
}

function outcomeOf(run: Run, divergence: ReplayDivergence | null): string {
  const status = run.status === 'failed' && run.errorKind ? `failed (${run.errorKind})` : run.status;
  if (!divergence) return run.lineage === 'replay' && run.status === 'succeeded' ? `${status}, followed the recording` : status;
  return `${status}, left the recording at turn ${turnNumber(divergence.turnIndex)}${divergence.action === 'stopped' ? ' (stopped)' : ''}`;
}

const sumOrNull = (values: (number | null)[]) =>
  values.some((value) => value !== null) ? values.reduce<number>((sum, value) => sum + (value ?? 0), 0) : null;
const decimal = (value: ProviderCall['costUsd']) => (value === null ? null : Number(value));

function cellOf(row: MemberRows, index: number): TurnCell {
  const turn = row.turns.find((candidate) => candidate.index === index);
  if (!turn) {
    const carried = row.run.lineage === 'fork' && row.run.forkedAtTurn !== null && index <= row.run.forkedAtTurn;
    return carried ? { kind: 'carried', fromRunId: row.run.parentRunId } : { kind: 'none' };
  }
  const calls = row.calls.filter((call) => call.turnId === turn.id);
  const last = calls[calls.length - 1];
  return {
    kind: 'turn',
    status: turn.status,
    finishReason: turn.finishReason,
    toolCalls: row.toolCalls
      .filter((call) => call.turnId === turn.id)
      .map((call) => ({
        name: call.name,
        arguments: redact(call.arguments ?? call.rawArguments),
        isError: call.isError,
        replayed: call.replayed,
      })),
    inputTokens: calls.length ? calls.reduce((sum, call) => sum + call.inputTokens, 0) : null,
    outputTokens: calls.length ? calls.reduce((sum, call) => sum + call.outputTokens, 0) : null,
    cacheReadTokens: sumOrNull(calls.map((call) => call.cacheReadTokens)),
    cacheWriteTokens: sumOrNull(calls.map((call) => call.cacheWriteTokens)),
    costUsd: sumOrNull(calls.map((call) => decimal(call.costUsd))),
    providerCostUsd: sumOrNull(calls.map((call) => decimal(call.providerCostUsd))),
    latencyMs: last?.latencyMs ?? null,
    ttftMs: last?.ttftMs ?? null,
    attempts: calls.length,
    retries: calls.filter((call) => call.cause === 'retry').length,
    fallbacks: calls.filter((call) => call.cause === 'stream-fallback' || call.cause === 'profile-fallback').length,
    delivery: deliveryOf(last),
    profiles: [...new Set(calls.map((call) => call.profileName))],
  };
}

function deliveryOf(call: ProviderCall | undefined): Extract<TurnCell, { kind: 'turn' }>['delivery'] {
  if (!call) return null;
  if (!call.streamRequested) return 'not-streamed';
  if (!call.streamActual) return 'fallback';
  return call.streamStarted ? 'streamed' : 'not-started';
}

const LOWER_IS_BETTER: Record<SummaryMetric, (member: ComparisonMember) => number | null> = {
  costUsd: (member) => member.summary.costUsd,
  wallMs: (member) => member.summary.wallMs,
  turns: (member) => member.summary.turns,
  errors: (member) => member.summary.errors,
  outputTokens: (member) => member.summary.outputTokens,
};

/** The best of each metric among the runs that ended well (a failed run's low cost is no win); none when fewer than two have a value. */
function bestOf(members: ComparisonMember[]): Record<SummaryMetric, string[]> {
  const contenders = members.filter((member) => member.status === 'succeeded');
  const best = {} as Record<SummaryMetric, string[]>;
  for (const [metric, value] of Object.entries(LOWER_IS_BETTER) as [SummaryMetric, (member: ComparisonMember) => number | null][]) {
    const valued = contenders.filter((member) => value(member) !== null);
    if (valued.length < 2) {
      best[metric] = [];
      continue;
    }
    const min = Math.min(...valued.map((member) => value(member)!));
    best[metric] = valued.filter((member) => value(member) === min).map((member) => member.runId);
  }
  return best;
}
