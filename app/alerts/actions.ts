'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ruleInputFromForm, type FieldErrors } from '@/lib/alerts/rule-schema';
import { createAlertRule, deleteAlertRule, setAlertRuleEnabled, updateAlertRule } from '@/lib/alerts/rules';
import { database } from '@/lib/store/database';

/** What the rule form shows after a submission. Webhook URLs are never sent back to the browser. */
export type RuleFormState = {
  status: 'idle' | 'saved' | 'invalid';
  message: string | null;
  fieldErrors: FieldErrors;
  /** The submitted values (without the webhook URL) to refill the form after field errors. */
  values: Record<string, string | boolean> | null;
  /** Changes with every answer: the form remounts with `values` as its defaults. */
  version: number;
};

function echo(form: FormData): Record<string, string | boolean> {
  const { webhookUrl: _secret, ...rest } = ruleInputFromForm(form);
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(rest)) if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
  return out;
}

/** Creates a rule, or saves the edited one (hidden `id`); validated with the form's zod schema. */
export async function saveAlertRuleAction(previous: RuleFormState, form: FormData): Promise<RuleFormState> {
  const id = form.get('id');
  const db = database();
  const input = ruleInputFromForm(form);
  const result = typeof id === 'string' && id ? await updateAlertRule(db, id, input) : await createAlertRule(db, input);
  if (!result.ok)
    return {
      status: 'invalid',
      message: result.message,
      fieldErrors: result.fieldErrors,
      values: echo(form),
      version: previous.version + 1,
    };
  revalidatePath('/alerts');
  if (typeof id === 'string' && id) redirect(`/alerts?saved=${encodeURIComponent(result.id)}#rules`);
  return { status: 'saved', message: result.message, fieldErrors: {}, values: null, version: previous.version + 1 };
}

export type RuleCommandState = { ok: boolean; message: string | null };

/** Enable, disable or delete a rule (the button's `intent`). */
export async function ruleCommandAction(_previous: RuleCommandState, form: FormData): Promise<RuleCommandState> {
  const db = database();
  const id = form.get('id');
  const intent = form.get('intent');
  let result: { ok: boolean; message: string };
  if (intent === 'enable' || intent === 'disable') result = await setAlertRuleEnabled(db, id, intent === 'enable');
  else if (intent === 'delete') result = await deleteAlertRule(db, id);
  else result = { ok: false, message: 'Unknown command.' };
  if (result.ok) revalidatePath('/alerts');
  return result;
}
