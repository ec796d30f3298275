// Shared by the tests of the commands on a recorded run (fork, replay, compare): a finished
// Simulator run as the conductor leaves it, written as rows, without running it.
import type { Message } from '@/lib/providers/core/types';
import type { Database } from '@/lib/store/database';
import { appendMessages } from '@/lib/store/transcript';
import { finishedSimulatorRun } from './finished-simulator-run';

/**
 * A succeeded simulator-chat run of two turns: turn 0 asked for `list_files` and got its result,
 * turn 1 answered. `imported`: loaded from a bundle (`importedFromId` set). Its id.
 */
export async function createRecordedRun(db: Database, options: { imported?: boolean; task?: string } = {}): Promise<string> {
  const task = options.task ?? 'List the files, then say what they are.';
  const run = await db.run.create({
    data: {
      ...finishedSimulatorRun(task),
      options: { maxTurns: 8, tools: ['list_files'], allowCommands: false, fallbacks: [] },
      turnCount: 2,
      ...(options.imported ? { importedFromId: crypto.randomUUID(), importedAt: new Date() } : {}),
    },
  });
  const turn = (index: number, finishReason: string) =>
    db.turn.create({ data: { runId: run.id, index, status: 'succeeded', finishReason, finishedAt: new Date() } });
  const turn0 = await turn(0, 'tool_calls');
  const turn1 = await turn(1, 'stop');
  const call = { type: 'tool-call', id: 'call_0', name: 'list_files', arguments: {}, rawArguments: '{}' } as const;
  const output = { ok: true, files: ['README.md'] };
  const opening: Message[] = [{ role: 'user', content: [{ type: 'text', text: task }] }];
  await appendMessages(db, run.id, null, opening);
  await appendMessages(db, run.id, turn0.id, [
    { role: 'assistant', content: [call] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0', toolName: 'list_files', output }] },
  ]);
  await db.toolCall.create({
    data: {
      runId: run.id,
      turnId: turn0.id,
      providerCallId: 'call_0',
      name: 'list_files',
      rawArguments: '{}',
      arguments: {},
      result: output,
    },
  });
  await appendMessages(db, run.id, turn1.id, [{ role: 'assistant', content: [{ type: 'text', text: 'One file: README.md.' }] }]);
  return run.id;
}
