import { afterAll, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { appendMessages } from '@/lib/store/transcript';
import { finalAnswerOf } from './final-answer';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

async function runWith(messages: Parameters<typeof appendMessages>[3]) {
  const run = await db.run.create({
    data: { task: 't', profileName: 'p', provider: 'simulator', runtime: 'openai-chat', model: 'final-answer-test', profile: {} },
  });
  await appendMessages(db, run.id, null, messages);
  return run.id;
}

it('the text parts of the last assistant message, as the transcript records it', async () => {
  const id = await runWith([
    { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', provider: 'anthropic', text: 'thinking' },
        { type: 'text', text: 'Hello ' },
        { type: 'text', text: 'there.' },
      ],
    },
  ] as never);
  expect(await finalAnswerOf(db, id)).toBe('Hello there.');
});

it('none when the run ended on a tool result, has no messages, or the answer has no text', async () => {
  const tool = await runWith([
    { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'list_files', arguments: {} }] },
    { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'c1', name: 'list_files', result: {} }] },
  ] as never);
  expect(await finalAnswerOf(db, tool)).toBeNull();
  expect(await finalAnswerOf(db, await runWith([]))).toBeNull();
  expect(await finalAnswerOf(db, await runWith([{ role: 'assistant', content: [] }] as never))).toBeNull();
});
