// The run page's Fork / Replay / Compare on forms → the commands' input (lib/runs/lineage-input.ts
// validates it, as it does the route handlers'). Pure, so what each form sends is tested without a
// browser; the server actions in actions.ts call it.
import { numberField } from '../new/run-form-input';

/** What a form sent back after the server refused it: a message and the errors by field (`form`: the whole form). */
export type LineageFormState = { message: string; fieldErrors: Record<string, string[]> } | null;

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The idempotency key the form was opened with; absent when blank. */
function key(form: FormData): { idempotencyKey?: string } {
  const value = text(form, 'idempotencyKey');
  return value ? { idempotencyKey: value } : {};
}

/** Model, temperature and max output tokens as typed; a blank field keeps the profile's value. */
function overrides(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const model = text(form, 'model').trim();
  if (model) out.model = model;
  const temperature = numberField(text(form, 'temperature'));
  if (temperature !== undefined) out.temperature = temperature;
  const maxOutputTokens = numberField(text(form, 'maxOutputTokens'));
  if (maxOutputTokens !== undefined) out.maxOutputTokens = maxOutputTokens;
  return out;
}

/** The input as the form holds it, before the command's schema checks it. */
type Unchecked = Record<string, unknown>;

export function forkInputOf(form: FormData): Unchecked {
  return {
    turn: numberField(text(form, 'turn')) ?? Number.NaN,
    profileName: text(form, 'profileName'),
    overrides: overrides(form),
    ...key(form),
  };
}

export function replayInputOf(form: FormData): Unchecked {
  const onDivergence = text(form, 'onDivergence');
  return { profileName: text(form, 'profileName'), ...(onDivergence ? { onDivergence } : {}), ...key(form) };
}

export function compareInputOf(form: FormData): Unchecked {
  return { profileNames: form.getAll('profileNames').filter((name): name is string => typeof name === 'string'), ...key(form) };
}

/** A command's refusal as the form shows it. */
export function refusedForm(refusal: { fieldErrors: Record<string, string[]>; message: string }): LineageFormState {
  return { message: refusal.message, fieldErrors: refusal.fieldErrors };
}
