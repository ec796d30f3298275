'use client';

import { turnNumber } from '@/lib/run-events/turn-number';
import type { RunSummary } from '@/lib/runs/run-detail';
import { canReplay } from '@/lib/runs/run-status';
import { ActionDialog } from './ActionDialog';
import { CompareOnForm } from './CompareOnForm';
import { CompareWithParentForm } from './CompareWithParentForm';
import { ForkForm } from './ForkForm';
import type { ProfileChoice } from './ProfileSelect';
import { ReplayForm } from './ReplayForm';

/** Which of the run page's dialogs is open: "Fork from here" (of a turn), "Replay on …", "Compare on …". */
export type LineageDialogRequest = { kind: 'fork'; turnIndex: number } | { kind: 'replay' } | { kind: 'compare' };

/**
 * The header's buttons that make runs from this one: "Replay on …" once the run has ended,
 * "Compare on …", and "Compare with parent" on a fork or replay whose parent still exists.
 * ("Fork from here" is on each turn it applies to.)
 */
export function LineageControls({
  run,
  status,
  onOpen,
}: {
  run: RunSummary;
  status: string;
  onOpen: (request: LineageDialogRequest) => void;
}) {
  return (
    <>
      {canReplay(status) ? (
        <button type="button" onClick={() => onOpen({ kind: 'replay' })} aria-haspopup="dialog">
          Replay on …
        </button>
      ) : null}
      <button type="button" onClick={() => onOpen({ kind: 'compare' })} aria-haspopup="dialog">
        Compare on …
      </button>
      {run.lineage?.parentRunId ? <CompareWithParentForm runId={run.id} /> : null}
    </>
  );
}

/** The open dialog, if any. */
export function LineageDialog({
  request,
  run,
  profiles,
  onClose,
}: {
  request: LineageDialogRequest | null;
  run: RunSummary;
  profiles: readonly ProfileChoice[];
  onClose: () => void;
}) {
  if (!request) return null;
  const common = { runId: run.id, profiles, current: run.profileName };
  switch (request.kind) {
    case 'fork':
      return (
        <ActionDialog key={`fork-${request.turnIndex}`} title={`Fork from turn ${turnNumber(request.turnIndex)}`} onClose={onClose}>
          <ForkForm {...common} turnIndex={request.turnIndex} />
        </ActionDialog>
      );
    case 'replay':
      return (
        <ActionDialog key="replay" title="Replay on …" onClose={onClose}>
          <ReplayForm {...common} />
        </ActionDialog>
      );
    case 'compare':
      return (
        <ActionDialog key="compare" title="Compare on …" onClose={onClose}>
          <CompareOnForm {...common} />
        </ActionDialog>
      );
  }
}
