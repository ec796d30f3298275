import type { Message } from '@/lib/providers/core/types';
import type { RunEventInput } from '@/lib/run-events/schema';
import { WRITE_TRANSACTION_OPTIONS, type Database } from './database';
import { appendRunEventsInTransaction } from './run-event-writer';
import { runUpdatedEvent } from './run-views';
import { earlierStartOfKey, withStartKey, type NewRun } from './runs';
import { appendMessages } from './transcript';

/** A run made from another: a fork (with the conversation it carries) or a replay. */
export type NewLineageRun = NewRun & { parentRunId: string; lineage: 'fork' | 'replay' };

/**
 * Creates a fork or a replay, `queued`, in one transaction: its row, the conversation it starts
 * with (a fork's, carried from the parent; nothing for a replay) and the events that say where it
 * came from, before the worker's first.
 */
export async function createLineageRun(
  db: Database,
  data: NewLineageRun,
  carried: { messages: Message[]; events: RunEventInput[]; idempotencyKey?: string },
): Promise<{ runId: string; replayed?: boolean }> {
  return db.$transaction(async (tx) => {
    const earlier = carried.idempotencyKey ? await earlierStartOfKey(tx, carried.idempotencyKey) : null;
    if (earlier) return { runId: earlier.id, replayed: true };
    const run = await tx.run.create({ data: withStartKey(data, carried.idempotencyKey) });
    await appendMessages(tx, run.id, null, carried.messages);
    await appendRunEventsInTransaction(tx, run.id, [...carried.events, await runUpdatedEvent(tx, run.id)]);
    return { runId: run.id };
  }, WRITE_TRANSACTION_OPTIONS);
}

/** A comparison's member: a run it creates (`queued`), or one that exists. */
export type ComparisonMemberInput = { newRun: NewRun | NewLineageRun } | { runId: string };

/**
 * Creates a comparison and the runs it starts, in one transaction: all of them or none. Members
 * keep the order given (their columns). Returns the comparison and the ids of the runs it created,
 * which the caller queues.
 */
export async function createComparison(
  db: Database,
  input: { kind: 'profiles' | 'lineage'; task: string; members: ComparisonMemberInput[]; idempotencyKey?: string },
): Promise<{ comparisonId: string; runIds: string[]; createdRunIds: string[]; replayed?: boolean }> {
  return db.$transaction(async (tx) => {
    const earlier = input.idempotencyKey ? await earlierStartOfKey(tx, input.idempotencyKey) : null;
    if (earlier) {
      const member = await tx.comparisonMember.findFirst({
        where: { runId: earlier.id },
        select: { comparisonId: true, comparison: { select: { members: { orderBy: { position: 'asc' }, select: { runId: true } } } } },
      });
      if (member)
        return {
          comparisonId: member.comparisonId,
          runIds: member.comparison.members.map((m) => m.runId),
          createdRunIds: [],
          replayed: true,
        };
    }
    const comparison = await tx.comparison.create({ data: { kind: input.kind, task: input.task } });
    const runIds: string[] = [];
    const createdRunIds: string[] = [];
    for (const member of input.members) {
      if ('runId' in member) {
        runIds.push(member.runId);
        continue;
      }
      const run = await tx.run.create({ data: withStartKey(member.newRun, input.idempotencyKey) });
      await appendRunEventsInTransaction(tx, run.id, [await runUpdatedEvent(tx, run.id)]);
      runIds.push(run.id);
      createdRunIds.push(run.id);
    }
    await tx.comparisonMember.createMany({
      data: runIds.map((runId, position) => ({ comparisonId: comparison.id, runId, position })),
    });
    return { comparisonId: comparison.id, runIds, createdRunIds };
  }, WRITE_TRANSACTION_OPTIONS);
}

/** The comparison of exactly these runs in this order, of this kind, if one was made before. */
export async function findComparisonOf(db: Database, kind: string, runIds: string[]): Promise<string | null> {
  const candidates = await db.comparison.findMany({
    where: { kind, members: { some: { runId: runIds[0] } } },
    select: { id: true, members: { orderBy: { position: 'asc' }, select: { runId: true } } },
    orderBy: { createdAt: 'desc' },
  });
  const same = candidates.find(
    (candidate) => candidate.members.length === runIds.length && candidate.members.every((member, index) => member.runId === runIds[index]),
  );
  return same?.id ?? null;
}
