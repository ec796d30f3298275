import { describe, expect, it, vi } from 'vitest';
import { SignInThrottle } from './sign-in-throttle';

const fast = (maxWaiting = 5) => new SignInThrottle({ baseDelayMs: 20, freeFailures: 2, maxDelayMs: 100, maxWaiting });

describe('SignInThrottle', () => {
  it('keeps 400 ms for the first failures, then doubles up to 10 s', () => {
    const throttle = new SignInThrottle();
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => throttle.failureDelayMs(n))).toEqual([
      400, 400, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000,
    ]);
  });

  it('checks an address’s attempts one after the other: a right password sent during wrong ones still gets in', async () => {
    const throttle = fast();
    const order: string[] = [];
    const t0 = Date.now();
    const results = await Promise.all(
      ['wrong-1', 'wrong-2', 'wrong-3', 'right'].map((password) =>
        throttle.attempt('10.0.0.1', () => {
          order.push(password);
          return password === 'right';
        }),
      ),
    );
    expect(order).toEqual(['wrong-1', 'wrong-2', 'wrong-3', 'right']);
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual(['wrong', 'wrong', 'wrong', 'ok']);
    expect(results.slice(0, 3).map((result) => (result.ok || result.reason !== 'wrong' ? null : result.delayMs))).toEqual([20, 20, 40]);
    // The right one waited out the three failures' delays (no parallel guessing).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
    // …and cleared the count.
    expect(throttle.failures('10.0.0.1')).toBe(0);
  });

  it('refuses at once, saying so, when too many attempts of one address wait', async () => {
    const throttle = fast(3);
    const attempts = Array.from({ length: 5 }, () => throttle.attempt('10.0.0.2', () => false));
    const results = await Promise.all(attempts);
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual(['wrong', 'wrong', 'wrong', 'busy', 'busy']);
  });

  it('counts each address on its own, and forgets old failures', async () => {
    // A minute to forget: the attempts below are never that far apart, however slow the machine.
    const throttle = new SignInThrottle({ baseDelayMs: 1, freeFailures: 1, forgetAfterMs: 60_000 });
    await throttle.attempt('a', () => false);
    await throttle.attempt('a', () => false);
    expect(throttle.failures('a')).toBe(2);
    expect(throttle.failures('b')).toBe(0);
    const b = await throttle.attempt('b', () => false);
    expect(b).toEqual({ ok: false, reason: 'wrong', failures: 1, delayMs: 1 });
    expect(throttle.failures('a', Date.now() + 60_001)).toBe(0);
  });

  it('remembers a bounded number of addresses', async () => {
    const throttle = new SignInThrottle({ baseDelayMs: 0, maxClients: 3 });
    for (const client of ['a', 'b', 'c', 'd', 'e']) await throttle.attempt(client, () => false);
    expect(['a', 'b', 'c', 'd', 'e'].map((client) => throttle.failures(client))).toEqual([0, 0, 1, 1, 1]);
  });

  it('refuses every attempt, unchecked, once the wrong passwords of all addresses reach the ceiling within the window, until it passes', async () => {
    // The clock stands still unless the test moves it: the window is not used up by a slow machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const throttle = new SignInThrottle({ baseDelayMs: 0, maxFailuresPerWindow: 5, ceilingWindowMs: 300 });
      // Five addresses, one wrong password each: no single address is slowed down…
      for (const client of ['a', 'b', 'c', 'd', 'e'])
        expect(await throttle.attempt(client, () => false)).toMatchObject({ reason: 'wrong', failures: 1 });
      // …but the next attempt, from a new address and even with the right password, is refused without being checked.
      let checked = false;
      vi.setSystemTime(Date.now() + 100);
      const refused = await throttle.attempt('f', () => (checked = true));
      expect(refused).toEqual({ ok: false, reason: 'ceiling', failures: 5, retryAfterMs: 200 });
      expect(checked).toBe(false);
      vi.setSystemTime(Date.now() + 199);
      expect(await throttle.attempt('f', () => true)).toMatchObject({ reason: 'ceiling', retryAfterMs: 1 });
      vi.setSystemTime(Date.now() + 1);
      expect(await throttle.attempt('f', () => true)).toEqual({ ok: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds 30 wrong passwords a minute by default', async () => {
    const throttle = new SignInThrottle({ baseDelayMs: 0 });
    for (let index = 0; index < 30; index++)
      expect(await throttle.attempt(`10.0.${index}.1`, () => false)).toMatchObject({ reason: 'wrong' });
    const refused = await throttle.attempt('10.0.99.1', () => true);
    expect(refused).toMatchObject({ ok: false, reason: 'ceiling', failures: 30 });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(55_000);
  });
});
