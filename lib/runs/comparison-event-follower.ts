import { RUN_EVENT_TYPES, type RunEventRecord, type RunStatus } from '@/lib/run-events/schema';
import { formatComparisonCursor } from './comparison-cursor';
import { followEventStream, type StreamConnectionOptions } from './event-stream-follower';
import { runEventOf } from './run-event-follower';

/**
 * The browser side of a comparison's one stream (`GET /api/comparisons/[id]/events`): its member
 * runs' events, each tagged with its `runId`, and `run-end` as each run's log ends. Reconnects like
 * a run's stream, continuing after the last seq received from each member. Client-safe.
 */
export type FollowComparisonEventsOptions = StreamConnectionOptions & {
  /** The stream's address for the events after `cursor` (`formatComparisonCursor`). */
  url: (cursor: string) => string;
  /** The member runs in column order, with the last seq the page already has of each (−1: none). */
  members: { runId: string; after: number }[];
  onEvent: (runId: string, event: RunEventRecord) => void;
  /** A member's log ended (`status` null: the run no longer exists). */
  onRunEnd: (runId: string, status: RunStatus | null) => void;
};

export function followComparisonEvents(options: FollowComparisonEventsOptions): () => void {
  const last = new Map(options.members.map((member) => [member.runId, member.after]));
  const cursor = () => formatComparisonCursor(options.members.map((member) => last.get(member.runId)!));
  return followEventStream({
    ...options,
    url: () => options.url(cursor()),
    eventTypes: [...RUN_EVENT_TYPES, 'run-end'],
    onMessage: (type, data) => {
      if (type === 'run-end') {
        const ended = runEndOf(data);
        if (ended && last.has(ended.runId)) options.onRunEnd(ended.runId, ended.status);
        return;
      }
      const event = runEventOf(data);
      const runId = event && (event as RunEventRecord & { runId?: unknown }).runId;
      if (!event || typeof runId !== 'string' || !last.has(runId) || event.seq <= last.get(runId)!) return;
      last.set(runId, event.seq);
      const { seq, type: eventType, payload, createdAt } = event;
      options.onEvent(runId, { seq, type: eventType, payload, createdAt });
    },
  });
}

function runEndOf(data: string): { runId: string; status: RunStatus | null } | null {
  try {
    const body = JSON.parse(data) as { runId?: unknown; status?: unknown } | null;
    return body && typeof body.runId === 'string' ? { runId: body.runId, status: (body.status as RunStatus | null) ?? null } : null;
  } catch {
    return null;
  }
}
