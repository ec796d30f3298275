// Integration: what a run's turns cost in round trips to Postgres, counted statement by statement on
// the pool (not timed): each fenced write is one statement, a turn at most three, the claim one read
// and one statement, the run's end one statement in a transaction of its own. A hundred live runs on
// one worker are bound by these (bench/concurrency.ts).
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Message } from '@/lib/providers/core/types';
import { closeDatabase, createDatabase } from './database';
import { FencedRun } from './fenced-run';
import { createBareRun } from './testing/bare-run';
import { listFilesRecord, recordedCall, toolCallReply } from './testing/recorded-call';
import { countStatements } from './testing/statement-counter';

const db = createDatabase(inject('databaseUrl'));
const statements = countStatements(db);
afterAll(() => closeDatabase(db));

/** At most this many statements per turn, besides the batches of streamed events (target of issue 16). */
const ROUND_TRIPS_PER_TURN = 3;

const toolResult = (callId: string): Message => ({
  role: 'tool',
  content: [{ type: 'tool-result', toolCallId: callId, toolName: 'list_files', output: ['README.md'] }],
});
const answer: Message = { role: 'assistant', content: [{ type: 'text', text: 'One file: README.md.' }] };

describe('round trips of a run', () => {
  it('one statement per fenced write, at most three per turn', async () => {
    const { id } = await createBareRun(db);
    statements.take();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const claim = statements.take().length;

    const writes: Record<string, number[]> = { startTurn: [], recordReply: [], finishTurn: [] };
    const perTurn: number[] = [];
    const counted = async <T>(name: string, write: () => Promise<T>): Promise<T> => {
      statements.take();
      const result = await write();
      writes[name]!.push(statements.take().length);
      return result;
    };
    // Four rounds of tool calls, then the answer: the bench's five-turn run.
    for (let index = 0; index < 5; index++) {
      const before = Object.values(writes)
        .flat()
        .reduce((sum, count) => sum + count, 0);
      const turn = await counted('startTurn', () => fenced.startTurn(index));
      if (index < 4) {
        const callId = `call_${index}`;
        const call = recordedCall({ message: toolCallReply(callId) });
        await counted('recordReply', () => fenced.recordReply(turn, { call, reply: call.result.message }));
        await counted('finishTurn', () =>
          fenced.finishTurn(turn, {
            status: 'succeeded',
            finishReason: 'tool_calls',
            toolCalls: [listFilesRecord(callId)],
            messages: [toolResult(callId)],
          }),
        );
      } else {
        const call = recordedCall({ message: { role: 'assistant', content: [{ type: 'text', text: 'One file: README.md.' }] } });
        await counted('finishTurn', () => fenced.finishTurn(turn, { status: 'succeeded', finishReason: 'stop', call, messages: [answer] }));
      }
      perTurn.push(
        Object.values(writes)
          .flat()
          .reduce((sum, count) => sum + count, 0) - before,
      );
    }
    statements.take();
    await fenced.finish({ status: 'succeeded' });
    const finish = statements.take().length;

    expect({ claim, ...writes, finish }).toEqual({
      claim: 2,
      startTurn: [1, 1, 1, 1, 1],
      recordReply: [1, 1, 1, 1],
      finishTurn: [1, 1, 1, 1, 1],
      // The end commits only once the worker has its result: BEGIN, the statement, COMMIT (once per run).
      finish: 3,
    });
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(ROUND_TRIPS_PER_TURN);
    expect(await db.turn.count({ where: { runId: id, status: 'succeeded' } })).toBe(5);
  });
});
