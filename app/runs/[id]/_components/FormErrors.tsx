import type { LineageFormState } from '../lineage-form-input';

/** The errors of `fields` (a control's), under it; `id` for its aria-describedby. */
export function FieldErrors({ state, fields, id }: { state: LineageFormState; fields: string[]; id: string }) {
  const messages = fields.flatMap((field) => state?.fieldErrors[field] ?? []);
  return messages.length ? (
    <p className="error-text" id={id} data-testid="field-error">
      {messages.join(' ')}
    </p>
  ) : null;
}

/** What no control of the form owns (the run, the turn, the whole input), with the form's message. */
export function FormErrors({ state, owned }: { state: LineageFormState; owned: string[] }) {
  if (!state) return null;
  const other = Object.entries(state.fieldErrors)
    .filter(([field]) => !owned.includes(field))
    .flatMap(([, messages]) => messages);
  return (
    <div role="alert" className="error-text" data-testid="form-error">
      {other.length ? other.map((message) => <p key={message}>{message}</p>) : <p>{state.message}</p>}
    </div>
  );
}

/** `aria-invalid` / `aria-describedby` of a control with errors. */
export function invalidProps(state: LineageFormState, fields: string[], id: string) {
  return fields.some((field) => state?.fieldErrors[field]?.length) ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}
