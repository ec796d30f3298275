'use client';

import { useEffect, useReducer, useRef, useState } from 'react';
import type { RunEventRecord } from '@/lib/run-events/schema';
import type { RunDetail } from '@/lib/runs/run-detail';
import { canForkFrom, isTerminalStatus } from '@/lib/runs/run-status';
import { initialRunView, runViewReducer } from '@/lib/runs/run-view-reducer';
import type { RunActionResult } from '../actions';
import { ErrorArtifacts } from './ErrorArtifacts';
import { LineageControls, LineageDialog, type LineageDialogRequest } from './LineageControls';
import type { ProfileChoice } from './ProfileSelect';
import { RunControls } from './RunControls';
import { RunHeader } from './RunHeader';
import { Transcript } from './Transcript';
import { useRunEventSource, type StreamState } from './useRunEventSource';
import styles from './RunView.module.css';

/** Re-renders every second while `active` (the running duration); null on the server render. */
function useNow(active: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function streamStatusText(stream: StreamState, status: string, events: number, gaps: number, unreadable: number): string {
  const count = `${events} event${events === 1 ? '' : 's'}${unreadable ? ` (${unreadable} unreadable)` : ''}`;
  // A terminal status is the log's last word: what the stream still does says nothing more.
  if (stream === 'ended' || isTerminalStatus(status)) return `Run ${status} · ${count}.`;
  if (stream === 'reconnecting') return `Connection lost — reconnecting… It continues after the last event received · ${count}.`;
  if (stream === 'connecting') return `Connecting to the live stream… · ${count}.`;
  return `${status === 'queued' ? 'Queued — waiting for a worker' : 'Live'} · ${count}${gaps ? ` · ${gaps} gap(s) detected` : ''}.`;
}

/**
 * The live run: one reducer over the run's events (lib/runs/run-view-reducer.ts) holds the
 * transcript and the run's rows, so the header, the strips and the transcript always show the same
 * moment of the log. A Cancel or Resume answers with the event that records it (`seq`): until the
 * stream delivers that event, the header shows the status the action answered with.
 */
export function RunView({
  initialDetail,
  initialEvents,
  profiles,
}: {
  initialDetail: RunDetail;
  initialEvents: RunEventRecord[];
  /** The server's profiles, for Fork / Replay / Compare on (unusable ones with why). */
  profiles: ProfileChoice[];
}) {
  const runId = initialDetail.run.id;
  const [{ transcript, detail }, dispatch] = useReducer(runViewReducer, { detail: initialDetail, events: initialEvents }, initialRunView);
  const [generation, setGeneration] = useState(0);
  const [answered, setAnswered] = useState<{ status: string; seq: number } | null>(null);
  const [dialog, setDialog] = useState<LineageDialogRequest | null>(null);

  const afterRef = useRef(transcript.lastSeq);
  useEffect(() => {
    afterRef.current = transcript.lastSeq;
  }, [transcript.lastSeq]);

  // A run that had ended when the page was read shows its final state as read: the row and the log
  // come from one snapshot, and the row turns terminal in the transaction that writes the log's last
  // events, so there is nothing to follow — until a Resume queues it again.
  const follow = generation > 0 || !isTerminalStatus(initialDetail.run.status);
  const stream = useRunEventSource(runId, afterRef, generation, follow, dispatch);

  const onAction = (action: 'cancel' | 'resume', result: RunActionResult) => {
    if (result.ok && result.seq !== undefined) setAnswered({ status: result.status, seq: result.seq });
    // The stream of a run that ended has closed: a resumed run gets a new one.
    if (result.ok && action === 'resume') setGeneration((value) => value + 1);
  };

  const status = answered && transcript.lastSeq < answered.seq ? answered.status : detail.run.status;
  const active = !isTerminalStatus(status);
  const now = useNow(active);
  // An imported run is a read-only archive without its opaque reasoning: it cannot be forked (it can be replayed).
  const imported = detail.run.importedFromId !== null;
  const forkButton = (turnIndex: number) => {
    const row = detail.turns.find((turn) => turn.index === turnIndex);
    return !imported && row && canForkFrom(row) ? (
      <button type="button" className={styles.forkButton} onClick={() => setDialog({ kind: 'fork', turnIndex })} aria-haspopup="dialog">
        Fork from here
      </button>
    ) : null;
  };

  return (
    <>
      <RunHeader run={detail.run} status={status} now={now}>
        <RunControls runId={runId} status={status} imported={imported} onResult={onAction}>
          <LineageControls run={detail.run} status={status} onOpen={setDialog} />
        </RunControls>
      </RunHeader>

      <section className="panel" aria-labelledby="transcript-heading">
        <div className="panel-header">
          <h2 id="transcript-heading">Transcript</h2>
          <p className={styles.streamStatus} role="status" aria-live="polite" data-testid="stream-status" data-stream={stream}>
            {streamStatusText(stream, status, transcript.lastSeq + 1, transcript.gaps, transcript.unreadable)}
          </p>
        </div>
        <Transcript blocks={transcript.blocks} turns={detail.turns} active={active} turnAction={forkButton} />
      </section>

      <ErrorArtifacts runId={runId} artifacts={detail.errorArtifacts} />
      <LineageDialog request={dialog} run={detail.run} profiles={profiles} onClose={() => setDialog(null)} />
    </>
  );
}
