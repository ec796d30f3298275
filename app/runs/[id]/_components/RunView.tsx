'use client';

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { RunDetail } from '@/lib/runs/run-detail';
import { isTerminalStatus } from '@/lib/runs/run-status';
import type { RunEventRecord } from '@/lib/run-events/schema';
import { replayTranscript, transcriptReducer } from '@/lib/runs/transcript-reducer';
import type { RunActionResult } from '../actions';
import { ErrorArtifacts } from './ErrorArtifacts';
import { RunControls } from './RunControls';
import { RunHeader } from './RunHeader';
import { Transcript } from './Transcript';
import { useRunDetail } from './useRunDetail';
import { useRunEventSource, type StreamState } from './useRunEventSource';
import styles from './RunView.module.css';

/** Events after which the run's rows (totals, provider calls, artifacts) have changed. */
const REFETCH_AFTER = new Set(['finish', 'turn-start', 'tool-result', 'status', 'fallback', 'error']);

/** A terminal status (event, row status, the stream's end), held until the rows committed with it are read. */
type Held = { events: RunEventRecord[]; status: string | null; end: { status: string | null } | null };

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
  if (stream === 'ended' || (isTerminalStatus(status) && stream !== 'live')) return `Run ${status} · ${count}.`;
  if (stream === 'reconnecting') return `Connection lost — reconnecting… It continues after the last event received · ${count}.`;
  if (stream === 'connecting') return `Connecting to the live stream… · ${count}.`;
  return `${status === 'queued' ? 'Queued — waiting for a worker' : 'Live'} · ${count}${gaps ? ` · ${gaps} gap(s) detected` : ''}.`;
}

export function RunView({ initialDetail, initialEvents }: { initialDetail: RunDetail; initialEvents: RunEventRecord[] }) {
  const runId = initialDetail.run.id;
  const { detail, error: detailError, read } = useRunDetail(initialDetail);
  const [transcript, dispatch] = useReducer(transcriptReducer, initialEvents, replayTranscript);
  const [status, setStatus] = useState<string>(initialDetail.run.status);
  const [generation, setGeneration] = useState(0);
  const [settling, setSettling] = useState(false);

  const afterRef = useRef(transcript.lastSeq);
  useEffect(() => {
    afterRef.current = transcript.lastSeq;
  }, [transcript.lastSeq]);

  // At most one read per 250 ms, and always within 250 ms of the event that asked for it (a
  // debounce would starve while events keep coming).
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchSoon = useCallback(() => {
    refetchTimer.current ??= setTimeout(() => {
      refetchTimer.current = null;
      void read().then((show) => show?.());
    }, 250);
  }, [read]);
  useEffect(() => () => void (refetchTimer.current && clearTimeout(refetchTimer.current)), []);

  // The run's end is shown in one render with the rows that committed before it: the terminal
  // status event commits together with the run row, after every call, turn and total of the run,
  // so a read started once it arrived has them all. Until that read answers, the terminal event
  // (and the stream's end) wait here; anything else arriving meanwhile queues behind them.
  const held = useRef<Held | null>(null);
  const settle = useCallback(() => {
    setSettling(true);
    void read().then((show) => {
      const pending = held.current;
      held.current = null;
      show?.();
      for (const event of pending?.events ?? []) dispatch(event);
      const final = pending?.end?.status ?? pending?.status;
      if (final) setStatus(final);
      setSettling(false);
    });
  }, [read]);

  const stream = useRunEventSource(runId, afterRef, generation, {
    onEvent: (event) => {
      if (held.current) {
        held.current.events.push(event);
        return;
      }
      if (event.type === 'status' && isTerminalStatus((event.payload as { status?: string } | null)?.status)) {
        held.current = { events: [event], status: null, end: null };
        settle();
        return;
      }
      dispatch(event);
      if (REFETCH_AFTER.has(event.type)) refetchSoon();
    },
    onRunStatus: (next) => {
      if (held.current) {
        held.current.status = next;
        return;
      }
      // A row that became terminal without an event (a queued run cancelled) ends like the others.
      if (isTerminalStatus(next)) {
        held.current = { events: [], status: next, end: null };
        settle();
        return;
      }
      setStatus(next);
      // queued → running (startedAt is set), a resume: the header reads the row again.
      refetchSoon();
    },
    onEnd: (final) => {
      if (held.current) {
        held.current.end = { status: final };
        return;
      }
      held.current = { events: [], status: null, end: { status: final } };
      settle();
    },
  });

  const onAction = (action: 'cancel' | 'resume', result: RunActionResult) => {
    if (result.status) setStatus(result.status);
    if (result.ok && action === 'resume') setGeneration((value) => value + 1);
    refetchSoon();
  };

  const active = !isTerminalStatus(status);
  const shownStream: StreamState = settling && stream === 'ended' ? 'live' : stream;
  const now = useNow(active);

  return (
    <>
      <RunHeader run={detail.run} status={status} now={now}>
        <RunControls runId={runId} status={status} imported={detail.run.importedFromId !== null} onResult={onAction} />
      </RunHeader>

      <section className="panel" aria-labelledby="transcript-heading">
        <div className="panel-header">
          <h2 id="transcript-heading">Transcript</h2>
          <p className={styles.streamStatus} role="status" aria-live="polite" data-testid="stream-status" data-stream={shownStream}>
            {streamStatusText(shownStream, status, transcript.lastSeq + 1, transcript.gaps, transcript.unreadable)}
          </p>
        </div>
        {detailError ? <p className="error-text">Could not refresh the run’s metadata: {detailError}</p> : null}
        <Transcript blocks={transcript.blocks} turns={detail.turns} active={active} />
      </section>

      <ErrorArtifacts runId={runId} artifacts={detail.errorArtifacts} />
    </>
  );
}
