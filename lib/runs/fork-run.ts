import 'server-only';
import type PgBoss from 'pg-boss';
import type { Message } from '@/lib/providers/core/types';
import { turnIndexOf, turnNumber } from '@/lib/run-events/turn-number';
import { database } from '@/lib/store/database';
import { createLineageRun } from '@/lib/store/lineage';
import { loadConversation } from '@/lib/store/transcript';
import { fieldErrorsOf } from './run-input';
import { forkRunInputSchema, type ForkRunInput } from './lineage-input';
import { findRun, noSuchRun, refusal, validateRunFrom, type RunCommandRefusal } from './parent-run';
import { enqueueRun, runQueue } from './run-queue';
import type { CreateRunDeps } from './start-run';

export type ForkResult = { ok: true; runId: string; replayed?: boolean } | RunCommandRefusal;

/**
 * "Fork from here": a new run on another profile (and settings) that starts with the run's
 * conversation through the end of turn `turn` (as people count: 1 is the first) — messages, tool calls and their recorded results —
 * and continues live from the next turn. Its workspace gets the files the carried turns wrote;
 * opaque reasoning goes back only to the account that issued it (the worker says what it carries).
 * Refused, with nothing written: an imported run, a turn that does not exist or did not complete,
 * the turn that ended the run, a profile this server cannot use.
 */
export async function forkRun(
  runId: string,
  raw: ForkRunInput | unknown,
  deps: CreateRunDeps & { boss?: PgBoss } = {},
): Promise<ForkResult> {
  const db = deps.db ?? database();
  const parsed = forkRunInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Some fields need attention.' };
  const input = parsed.data;
  const parent = await findRun(db, runId);
  if (!parent) return noSuchRun(runId);
  if (parent.importedFromId)
    return refusal(
      'form',
      'This run was imported from a bundle: a read-only archive without its opaque reasoning, so it cannot be forked. Replay it instead.',
      'An imported run cannot be forked.',
    );
  const turns = await db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' }, select: { id: true, index: true, status: true } });
  const turn = turns.find((candidate) => candidate.index === turnIndexOf(input.turn));
  if (!turn) {
    const [first, last] = [turns[0], turns.at(-1)].map((row) => row && turnNumber(row.index));
    const range = !turns.length ? 'it has no turns yet' : first === last ? `its only turn is ${first}` : `its turns are ${first}–${last}`;
    return refusal('turn', `Run ${runId} has no turn ${input.turn} (${range}).`, 'No such turn.');
  }
  if (turn.status !== 'succeeded')
    return refusal(
      'turn',
      `Turn ${input.turn} did not complete (${turn.status}): fork from a turn that did.`,
      'That turn did not complete.',
    );
  const conversation = await conversationThrough(db, runId, turn.id);
  const toolResults = conversation.messages.filter((message) => message.role === 'tool').flatMap((message) => message.content).length;
  if (!conversation.turnHasToolResults)
    return refusal(
      'turn',
      `Turn ${input.turn} ended the run with its answer: nothing follows it to continue. Fork from an earlier turn, or replay the run.`,
      'That turn ended the run.',
    );

  const validated = await validateRunFrom(parent, input.profileName, input.overrides, deps);
  if (!validated.ok) return validated;
  const created = await createLineageRun(
    db,
    { ...validated.data, parentRunId: parent.id, lineage: 'fork', forkedAtTurn: turn.index },
    {
      messages: conversation.messages,
      events: [
        {
          type: 'notice',
          payload: { notice: 'forked', parentRunId: parent.id, turnIndex: turn.index, messages: conversation.messages.length, toolResults },
        },
      ],
      idempotencyKey: input.idempotencyKey,
    },
  );
  if (!created.replayed) await enqueueRun(deps.boss ?? (await runQueue()), created.runId);
  return { ok: true, ...created };
}

/** The run's messages up to the last one of the turn (the opening and anything between turns included), as stored. */
async function conversationThrough(
  db: ReturnType<typeof database>,
  runId: string,
  turnId: string,
): Promise<{ messages: Message[]; turnHasToolResults: boolean }> {
  const last = await db.message.findFirst({
    where: { runId, turnId },
    orderBy: { position: 'desc' },
    select: { position: true, role: true },
  });
  if (!last) return { messages: [], turnHasToolResults: false };
  const messages = (await loadConversation(db, runId)).slice(0, last.position + 1);
  return { messages, turnHasToolResults: last.role === 'tool' };
}
