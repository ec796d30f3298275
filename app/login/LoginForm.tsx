'use client';

import { useActionState } from 'react';
import { signIn } from './actions';

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signIn, { error: null });
  return (
    <form action={action} className="panel login-form">
      <h1>Sign in</h1>
      <p className="muted">This Switchboard requires a password.</p>
      <input type="hidden" name="next" value={next} />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required autoFocus aria-describedby={state.error ? 'login-error' : undefined} />
      {state.error ? (
        <p id="login-error" role="alert" className="error-text">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
