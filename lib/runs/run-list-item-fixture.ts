import type { RunListItem } from './list-runs';

/** A runs-list row for tests (a finished two-turn run), with the fields a test cares about overridden. */
export const runListItem = (overrides: Partial<RunListItem> = {}): RunListItem => ({
  id: '01a21715-5106-77a7-b88a-9f4c86593c23',
  status: 'succeeded',
  task: 'task',
  profileName: 'simulator-chat',
  provider: 'simulator',
  runtime: 'openai-chat',
  model: 'sim-gpt',
  turnCount: 2,
  inputTokens: 1234,
  outputTokens: 56,
  costUsd: 0.0013,
  errorCount: 0,
  errorKind: null,
  importedFromId: null,
  createdAt: '2030-01-01T00:00:00.000Z',
  startedAt: '2030-01-01T00:00:01.000Z',
  finishedAt: '2030-01-01T00:00:02.000Z',
  durationMs: 1000,
  ...overrides,
});
