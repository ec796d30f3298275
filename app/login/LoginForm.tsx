'use client';

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { signIn } from './actions';
import styles from './LoginForm.module.css';

/**
 * The sign-in form. A submit made while an earlier attempt is still being checked is queued, not
 * dropped: the button stays enabled and the line under it says how many attempts are waiting (the
 * server checks one address's attempts in turn; lib/auth/sign-in-throttle.ts).
 */
export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signIn, { error: null });
  const [sent, setSent] = useState(0);
  const [answered, setAnswered] = useState(0);
  const lastSent = useRef<string | null>(null);
  const password = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!pending) setAnswered(sent);
  }, [pending, sent]);
  useEffect(() => {
    // After a wrong password, select it (typing replaces it) — unless a new one is being typed.
    const input = password.current;
    if (!pending && state.error && input && input.value === lastSent.current) {
      input.focus();
      input.select();
    }
  }, [pending, state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Dispatched by hand (not through `action`), so the form is not reset when an earlier attempt
    // ends: a password typed meanwhile stays where it is.
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    lastSent.current = typeof data.get('password') === 'string' ? String(data.get('password')) : null;
    setSent((count) => count + 1);
    startTransition(() => action(data));
  };

  const waiting = pending ? Math.max(1, sent - answered) : 0;
  return (
    <form action={action} onSubmit={onSubmit} className={`panel login-form ${styles.form}`}>
      <h1>Sign in</h1>
      <p className="muted">This Switchboard requires a password.</p>
      <input type="hidden" name="next" value={next} />
      <label htmlFor="password">Password</label>
      <input
        ref={password}
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        aria-describedby={state.error && !pending ? 'login-error' : undefined}
      />
      {state.error && !pending ? (
        <p id="login-error" role="alert" className="error-text">
          {state.error}
        </p>
      ) : null}
      <button type="submit">{pending ? 'Signing in…' : 'Sign in'}</button>
      <p role="status" className={`muted ${styles.progress}`} data-testid="login-progress">
        {waiting > 1
          ? `${waiting} attempts sent: they are checked one after the other, in the order sent.`
          : waiting === 1
            ? 'Checking the password… A new try now is queued behind this one, not lost.'
            : ''}
      </p>
    </form>
  );
}
