// The sign-in server action under a flood of wrong passwords from many addresses: past the ceiling
// for all addresses together (lib/auth/sign-in-throttle.ts), sign-in is refused, saying so and for how long.
import { describe, expect, it, vi } from 'vitest';
import { withConnection } from '@/lib/auth/connection';

const cookies = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: () => undefined,
    set: (name: string, value: string) => cookies.set(name, value),
    delete: (name: string) => cookies.delete(name),
  }),
}));

const { signIn } = await import('./actions');

function attempt(peer: string, password: string) {
  const data = new FormData();
  data.set('password', password);
  return withConnection({ peer, forwardedFor: undefined, relayed: false }, () => signIn({ error: null }, data));
}

describe('sign-in past the ceiling', () => {
  it('after 30 wrong passwords within a minute, from 30 addresses, refuses even the right one, without a session', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    try {
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => attempt(`100.64.0.${index}`, 'nope')));
      expect(answers.every((answer) => answer.error === 'Wrong password.')).toBe(true);
      const refused = await attempt('100.64.1.1', 'correct horse');
      const elapsed = Date.now() - started;
      const [, seconds] =
        /^Sign-in is paused: 30 wrong passwords were sent to this console in the last minute \(from all addresses\)\. Try again in (\d+) s\.$/.exec(
          refused.error ?? '',
        ) ?? [];
      // A minute from the first wrong password, less what has passed since (however slow the machine was).
      expect(Number(seconds), refused.error ?? 'no error').toBeLessThanOrEqual(60);
      expect(Number(seconds)).toBeGreaterThanOrEqual(Math.floor((60_000 - elapsed) / 1000));
      expect(cookies.size).toBe(0);
    } finally {
      delete process.env.SWITCHBOARD_PASSWORD;
    }
  });
});
