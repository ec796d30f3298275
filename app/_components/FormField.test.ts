// A field ties its control to its label, its hint and its error; a select field lists its choices after the empty one.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { controlProps, FormField } from './FormField';
import { SelectField } from './SelectField';

const classes = { field: 'field', wide: 'wide', hint: 'hint', fieldError: 'error' };

describe('controlProps', () => {
  it('marks a control invalid and described by its error and hint only while they are shown', () => {
    expect(controlProps('run-model', undefined)).toEqual({ id: 'run-model', 'aria-invalid': undefined, 'aria-describedby': undefined });
    expect(controlProps('run-model', [])).toEqual({ id: 'run-model', 'aria-invalid': undefined, 'aria-describedby': undefined });
    expect(controlProps('run-model', ['Required'], true)).toEqual({
      id: 'run-model',
      'aria-invalid': true,
      'aria-describedby': 'run-model-error run-model-hint',
    });
    expect(controlProps('run-model', undefined, true)['aria-describedby']).toBe('run-model-hint');
  });
});

describe('FormField', () => {
  it('labels its control and describes it with its hint and error', () => {
    const html = renderToStaticMarkup(
      createElement(FormField, {
        classes,
        id: 'turns',
        label: 'Max turns',
        hint: '1 to 50',
        errors: ['Too many'],
        wide: true,
        children: (control) => createElement('input', control),
      }),
    );
    expect(html).toBe(
      '<div class="field wide"><label for="turns" class="field-label">Max turns</label>' +
        '<input id="turns" aria-invalid="true" aria-describedby="turns-error turns-hint"/>' +
        '<span id="turns-hint" class="hint">1 to 50</span><p id="turns-error" class="error">Too many</p></div>',
    );
  });
});

describe('SelectField', () => {
  it('lists the empty choice, then each choice under its label, then its own options', () => {
    const html = renderToStaticMarkup(
      createElement(
        SelectField<number>,
        {
          classes,
          id: 'window',
          label: 'Window',
          name: 'windowSeconds',
          defaultValue: '300',
          blank: 'any',
          choices: [60, 300],
          choiceLabel: (seconds) => `last ${seconds} s`,
        },
        createElement('option', { value: 'custom' }, 'Custom…'),
      ),
    );
    expect(html).toBe(
      '<div class="field"><label for="window" class="field-label">Window</label><select id="window" name="windowSeconds">' +
        '<option value="">any</option><option value="60">last 60 s</option><option value="300" selected="">last 300 s</option>' +
        '<option value="custom">Custom…</option></select></div>',
    );
  });

  it('shows a choice as itself without a label, and no empty choice without one', () => {
    const html = renderToStaticMarkup(createElement(SelectField<string>, { classes, id: 'ttl', label: 'TTL', choices: ['1h'] }));
    expect(html).toContain('<select id="ttl"><option value="1h">1h</option></select>');
  });
});
