import { describe, expect, it } from 'vitest';
import { parseRunId } from '@/lib/runs/run-id';
import { monotonicUuid7 } from './uuid7';

describe('monotonicUuid7', () => {
  it('makes version 7 UUIDs that sort in the order they were made, within one millisecond and past the counter', () => {
    const next = monotonicUuid7(() => 1_790_000_000_000);
    const ids = Array.from({ length: 5000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseRunId(id).ok).toBe(true);
    }
    // The timestamp is the clock's (5000 ids overflow the 4096 counter into the next millisecond).
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(1_790_000_000_000);
    expect(parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16)).toBe(1_790_000_000_001);
  });

  it('never goes back when the clock does', () => {
    let now = 2_000_000;
    const next = monotonicUuid7(() => now);
    const first = next();
    now -= 1000;
    expect(next() > first).toBe(true);
  });
});
