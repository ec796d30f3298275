import type { ReactNode } from 'react';

/** The CSS module a form styles its fields with (classes `field`, `wide`, `hint`, `fieldError`). */
export type FieldClasses = { readonly [className: string]: string | undefined };

/** A field's errors, referenced by its control's aria-describedby (`<id>-error`). */
export function FieldError({
  id,
  errors,
  className,
  separator = ' ',
}: {
  id: string;
  errors?: string[];
  className: string | undefined;
  separator?: string;
}) {
  if (!errors?.length) return null;
  return (
    <p id={id} className={className}>
      {errors.join(separator)}
    </p>
  );
}

/** A labelled control: the label names it; its hint (`<id>-hint`) and its error (`<id>-error`) describe it. */
export function FormField({
  classes,
  id,
  label,
  hint,
  errors,
  wide,
  children,
}: {
  classes: FieldClasses;
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? `${classes.field} ${classes.wide}` : classes.field}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className={classes.hint}>
          {hint}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} className={classes.fieldError} />
    </div>
  );
}
