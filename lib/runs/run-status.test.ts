import { describe, expect, it } from 'vitest';
import { canCancel, canForkFrom, canReplay, canResume } from './run-status';

describe('what a run’s status allows', () => {
  it('cancel while it goes, resume once it stopped short, replay once it ended', () => {
    const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
    expect(statuses.filter(canCancel)).toEqual(['queued', 'running']);
    expect(statuses.filter(canResume)).toEqual(['failed', 'cancelled', 'interrupted']);
    expect(statuses.filter(canReplay)).toEqual(['succeeded', 'failed', 'cancelled', 'interrupted']);
  });

  it('forks from a turn that completed by asking for tools, not from one that answered, failed or still runs', () => {
    expect(canForkFrom({ status: 'succeeded', finishReason: 'tool_calls' })).toBe(true);
    expect(canForkFrom({ status: 'succeeded', finishReason: 'stop' })).toBe(false);
    expect(canForkFrom({ status: 'running', finishReason: null })).toBe(false);
    expect(canForkFrom({ status: 'failed', finishReason: 'error' })).toBe(false);
    expect(canForkFrom({ status: 'cancelled', finishReason: 'tool_calls' })).toBe(false);
  });
});
