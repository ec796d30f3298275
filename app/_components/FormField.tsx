import type { ReactNode } from 'react';

/** The CSS module a form styles its fields with (classes `field`, `wide`, `hint`, `fieldError`). */
export type FieldClasses = { readonly [className: string]: string | undefined };

/** What a field gives its control: the id its label names, and the error and hint that describe it. */
export type ControlProps = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

/** A control's attributes: invalid while it has errors, described by its error (`<id>-error`) and its hint (`<id>-hint`) when shown. */
export function controlProps(id: string, errors: string[] | undefined, hasHint = false): ControlProps {
  const invalid = !!errors?.length;
  const describedBy = [invalid ? `${id}-error` : null, hasHint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy || undefined };
}

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

/**
 * A labelled control: the label names it; its hint (`<id>-hint`) and its error (`<id>-error`)
 * describe it. `children` draws the control with the attributes that tie it to them.
 */
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
  children: (control: ControlProps) => ReactNode;
}) {
  return (
    <div className={wide ? `${classes.field} ${classes.wide}` : classes.field}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children(controlProps(id, errors, !!hint))}
      {hint ? (
        <span id={`${id}-hint`} className={classes.hint}>
          {hint}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} className={classes.fieldError} />
    </div>
  );
}
