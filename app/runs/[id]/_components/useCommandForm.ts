'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import type { LineageFormState } from '../lineage-form-input';

type CommandAction = (previous: LineageFormState, form: FormData) => Promise<LineageFormState>;

/**
 * A form that submits to a server action and shows what it answered. Submitted from `onSubmit`
 * rather than as the form's `action`, so a refused form keeps what the person typed and ticked
 * (React resets an action form's fields once its action completes).
 */
export function useCommandForm(action: CommandAction): {
  state: LineageFormState;
  pending: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
} {
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
  return { state, pending, onSubmit };
}
