// Integration: the run queue is created once, whatever the number of processes that start at the
// same moment on a new database (`npm start`'s workers do): without taking turns, pg-boss'
// createQueue of two of them deadlocks.
import type PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { useOwnDatabase } from '@/test/own-database';
import { RUN_QUEUE, startQueue } from './run-queue';

const database = useOwnDatabase('switchboard_run_queue');
const ROUNDS = 4;
const AT_ONCE = 6;

describe('startQueue', () => {
  it(`${AT_ONCE} queues started at once on a database without the run queue all start, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const started = await Promise.allSettled(Array.from({ length: AT_ONCE }, () => startQueue(database.url(), () => undefined)));
      const bosses = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      try {
        expect(
          started.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : [])),
          `round ${round + 1}`,
        ).toEqual([]);
        expect(await bosses[0]!.getQueue(RUN_QUEUE)).toMatchObject({ name: RUN_QUEUE, retryLimit: 0 });
        // The next round starts on a database without the queue again.
        await bosses[0]!.deleteQueue(RUN_QUEUE);
      } finally {
        await Promise.all(bosses.map((boss: PgBoss) => boss.stop({ graceful: false, wait: true })));
      }
    }
  });
});
