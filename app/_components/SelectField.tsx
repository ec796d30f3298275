import type { ComponentProps, ReactNode } from 'react';
import { FormField } from './FormField';
import { SelectOptions } from './SelectOptions';

type FieldProps = Omit<ComponentProps<typeof FormField>, 'children'>;
/** What the select itself takes: its name, its value (or initial value), what a change does, whether it is disabled. */
type SelectProps = Pick<ComponentProps<'select'>, 'name' | 'value' | 'defaultValue' | 'onChange' | 'disabled'>;

/**
 * A labelled select (FormField) of `choices`, after `blank`, the empty choice, when there is one;
 * `children` adds options after them.
 */
export function SelectField<Choice extends string | number>({
  name,
  value,
  defaultValue,
  onChange,
  disabled,
  blank,
  choices,
  choiceLabel,
  children,
  ...field
}: FieldProps &
  SelectProps & {
    blank?: string;
    choices: readonly Choice[];
    choiceLabel?: (choice: Choice) => string;
    children?: ReactNode;
  }) {
  return (
    <FormField {...field}>
      {(control) => (
        <select {...control} name={name} value={value} defaultValue={defaultValue} onChange={onChange} disabled={disabled}>
          <SelectOptions blank={blank} choices={choices} label={choiceLabel} />
          {children}
        </select>
      )}
    </FormField>
  );
}
