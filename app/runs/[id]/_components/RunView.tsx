'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { RunDetail } from '@/lib/runs/run-detail';
import { isTerminalStatus } from '@/lib/runs/run-status';
import { replayTranscript, transcriptReducer, type RunEventRecord } from '@/lib/runs/transcript-reducer';
import type { RunActionResult } from '../actions';
import { ErrorArtifacts } from './ErrorArtifacts';
import { RunControls } from './RunControls';
import { RunHeader } from './RunHeader';
import { Transcript } from './Transcript';
import { useRunEventSource, type StreamState } from './useRunEventSource';
import styles from './RunView.module.css';

/** Events after which the run's rows (totals, provider calls, artifacts) have changed. */
const REFETCH_AFTER = new Set(['finish', 'turn-start', 'tool-result', 'status', 'fallback', 'error']);

async function fetchRunDetail(runId: string): Promise<RunDetail> {
  const response = await fetch(`/api/runs/${runId}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/runs/${runId} answered ${response.status}`);
  return response.json();
}

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

function streamStatusText(stream: StreamState, status: string, events: number, gaps: number): string {
  const count = `${events} event${events === 1 ? '' : 's'}`;
  if (stream === 'ended' || (isTerminalStatus(status) && stream !== 'live')) return `Run ${status} · ${count}.`;
  if (stream === 'failed') return `The live stream is unavailable · ${count} shown. Reload to try again.`;
  if (stream === 'reconnecting') return `Connection lost — reconnecting; it continues after the last event received · ${count}.`;
  if (stream === 'connecting') return `Connecting to the live stream… · ${count}.`;
  return `${status === 'queued' ? 'Queued — waiting for a worker' : 'Live'} · ${count}${gaps ? ` · ${gaps} gap(s) detected` : ''}.`;
}

export function RunView({ initialDetail, initialEvents }: { initialDetail: RunDetail; initialEvents: RunEventRecord[] }) {
  const runId = initialDetail.run.id;
  const queryClient = useQueryClient();
  const { data: detail, error: detailError } = useQuery({
    queryKey: ['run', runId],
    queryFn: () => fetchRunDetail(runId),
    initialData: initialDetail,
    staleTime: 1_000,
  });
  const [transcript, dispatch] = useReducer(transcriptReducer, initialEvents, replayTranscript);
  const [status, setStatus] = useState<string>(initialDetail.run.status);
  const [generation, setGeneration] = useState(0);

  const afterRef = useRef(transcript.lastSeq);
  useEffect(() => {
    afterRef.current = transcript.lastSeq;
  }, [transcript.lastSeq]);

  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchSoon = useCallback(() => {
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['run', runId] }), 250);
  }, [queryClient, runId]);
  useEffect(() => () => void (refetchTimer.current && clearTimeout(refetchTimer.current)), []);

  const stream = useRunEventSource(runId, afterRef, generation, {
    onEvent: (event) => {
      dispatch(event);
      if (REFETCH_AFTER.has(event.type)) refetchSoon();
    },
    onRunStatus: setStatus,
    onEnd: (final) => {
      if (final) setStatus(final);
      refetchSoon();
    },
  });

  const onAction = (action: 'cancel' | 'resume', result: RunActionResult) => {
    if (result.status) setStatus(result.status);
    if (result.ok && action === 'resume') setGeneration((value) => value + 1);
    refetchSoon();
  };

  const active = !isTerminalStatus(status);
  const now = useNow(active);

  return (
    <>
      <RunHeader run={detail.run} status={status} now={now}>
        <RunControls runId={runId} status={status} imported={detail.run.importedFromId !== null} onResult={onAction} />
      </RunHeader>

      <section className="panel" aria-labelledby="transcript-heading">
        <div className="panel-header">
          <h2 id="transcript-heading">Transcript</h2>
          <p className={styles.streamStatus} role="status" aria-live="polite" data-testid="stream-status" data-stream={stream}>
            {streamStatusText(stream, status, transcript.lastSeq + 1, transcript.gaps)}
          </p>
        </div>
        {detailError ? <p className="error-text">Could not refresh the run’s metadata: {detailError.message}</p> : null}
        <Transcript blocks={transcript.blocks} turns={detail.turns} active={active} />
      </section>

      <ErrorArtifacts runId={runId} artifacts={detail.errorArtifacts} />
    </>
  );
}
