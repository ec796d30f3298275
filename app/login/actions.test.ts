// Bad input at the sign-in server action: a wrong, missing or oddly typed password (or no form at
// all, as a hand-made action request can send) answers { error }, never a crash or a session.
import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from './actions';

afterEach(() => {
  delete process.env.SWITCHBOARD_PASSWORD;
});

describe('signIn refuses bad input', () => {
  it('without a configured password, whatever it is sent', async () => {
    expect(await signIn({ error: null }, new FormData())).toEqual({ error: expect.stringMatching(/No password is configured/) });
  });

  it('a wrong, missing, non-text password, or no form data: { error }', async () => {
    process.env.SWITCHBOARD_PASSWORD = 'correct horse';
    const wrong = new FormData();
    wrong.set('password', 'battery staple');
    const file = new FormData();
    file.set('password', new Blob(['correct horse']));
    const huge = new FormData();
    huge.set('password', 'x'.repeat(1_000_000));
    const cases: unknown[] = [wrong, new FormData(), file, huge, undefined, null, 'correct horse', { password: 'correct horse' }, 42];
    for (const form of cases) {
      const result = await signIn({ error: null }, form as FormData);
      expect(result, String(form)).toEqual({ error: expect.any(String) });
      expect(result.error!.length).toBeGreaterThan(0);
    }
  });
});
