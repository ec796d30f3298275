import { turnNumber } from '@/lib/run-events/turn-number';
import type { RunDescendant, RunLineage } from './run-detail';

/**
 * The words of a run's lineage on its page: where it came from (around the link to the parent),
 * what was made from it, the comparisons it stands in. The words of its events (forked, replaying,
 * replay-diverged) are lib/run-events/event-text.ts's. Client-safe.
 */

/** `Forked from` <parent> `after turn 2`; `Replay of` <parent> `— stops at the first divergence`. `parentRunId` null: the parent was deleted. */
export function lineageLine(lineage: RunLineage): { lead: string; parentRunId: string | null; tail: string } {
  const parent = lineage.parentRunId;
  if (lineage.kind === 'fork')
    return {
      lead: parent ? 'Forked from' : 'Forked from a run since deleted',
      parentRunId: parent,
      tail: lineage.forkedAtTurn === null ? '' : `after turn ${turnNumber(lineage.forkedAtTurn)}`,
    };
  return {
    lead: parent ? 'Replay of' : 'Replay of a run since deleted',
    parentRunId: parent,
    tail: lineage.replayMode === 'continue' ? '— continues with real tools at the first divergence' : '— stops at the first divergence',
  };
}

/** A replay that ended without leaving its recording: every call it asked for was served. */
export const MATCHED_RECORDING_TEXT = 'Followed the recording to the end: every tool call the model asked for was served from it.';

/** `Fork after turn 1 · simulator-anthropic`, `Replay · simulator-responses`. */
export function descendantText(descendant: RunDescendant): string {
  const kind =
    descendant.kind === 'fork'
      ? `Fork${descendant.forkedAtTurn === null ? '' : ` after turn ${turnNumber(descendant.forkedAtTurn)}`}`
      : 'Replay';
  return `${kind} · ${descendant.profileName}`;
}

/** What a comparison the run stands in holds. */
export function comparisonText(kind: string): string {
  return kind === 'lineage' ? 'A run beside its fork or replay' : 'The same task on several profiles';
}

/** The first block of an id, as links show it (the full id in their title). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
