import { afterEach, describe, expect, it, vi } from 'vitest';
import { timed } from './log.mjs';

describe('timed', () => {
  afterEach(() => vi.useRealTimers());

  it('says a long step is still at work every 10 s, with what it is doing, then when it is done', async () => {
    vi.useFakeTimers();
    const lines = [];
    let phase = 'compiling';
    const done = timed('Building the console (next build)', () => new Promise((resolve) => setTimeout(resolve, 25_000)), {
      detail: () => phase,
      write: (line) => lines.push(line),
    });
    await vi.advanceTimersByTimeAsync(10_000);
    phase = null;
    await vi.advanceTimersByTimeAsync(15_000);
    await done;
    expect(lines).toEqual([
      'Building the console (next build) …',
      'Building the console (next build): 10 s so far (compiling)',
      'Building the console (next build): 20 s so far',
      'Building the console (next build): done in 25.0 s',
    ]);
  });

  it('stops its progress lines when the step fails', async () => {
    vi.useFakeTimers();
    const lines = [];
    await expect(timed('Failing', () => Promise.reject(new Error('no')), { write: (line) => lines.push(line) })).rejects.toThrow('no');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(lines).toEqual(['Failing …']);
  });
});
