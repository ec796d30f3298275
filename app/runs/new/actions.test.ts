// Bad input at the Start run server action: whatever the client sends, a refusal is field errors
// and a message, with nothing written (no run, no queued job).
import { afterAll, describe, expect, it } from 'vitest';
import { expectNothingWritten, useTestDatabase } from '@/test/bad-input';
import { queue, services } from '@/lib/agent/services';
import { startRunAction } from './actions';

useTestDatabase();
afterAll(async () => {
  await (await queue()).stop({ graceful: false, wait: true });
  await services().db.$disconnect();
});

describe('startRunAction refuses bad input, writing nothing', () => {
  const form = new FormData();
  form.set('profileName', 'simulator-chat');
  form.set('task', 'hello');
  const cases: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'simulator-chat: hello'],
    ['a number', 42],
    ['an array', [{ profileName: 'simulator-chat', task: 'hello' }]],
    ['form data', form],
    ['an empty object', {}],
    ['no task', { profileName: 'simulator-chat' }],
    ['a task of the wrong type', { profileName: 'simulator-chat', task: { text: 'hello' } }],
    ['a task too long', { profileName: 'simulator-chat', task: 'x'.repeat(1_000_000) }],
    ['an unknown profile', { profileName: 'gpt-17', task: 'hello' }],
    ['settings the provider refuses', { profileName: 'simulator-chat', task: 'hello', overrides: { temperature: 5 } }],
    ['an unknown tool', { profileName: 'simulator-chat', task: 'hello', options: { tools: ['format_disk'] } }],
    ['a workspace template outside the templates', { profileName: 'simulator-chat', task: 'hello', options: { workspaceTemplate: '/etc' } }],
    ['an unknown fallback', { profileName: 'simulator-chat', task: 'hello', options: { fallbacks: ['nope'] } }],
  ];
  for (const [name, input] of cases) {
    it(name, async () => {
      const result = await expectNothingWritten(() => startRunAction(input), name);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message.length).toBeGreaterThan(0);
      expect(Object.keys(result.fieldErrors).length, JSON.stringify(result.fieldErrors)).toBeGreaterThan(0);
    });
  }
});
