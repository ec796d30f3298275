import { z } from 'zod';
import { SECRET_RULES } from '@/lib/redaction/secret-rules';
import { unstorableCharacters } from '@/lib/redaction/storable-text';

/**
 * A model id as the providers spell them: `gpt-4.1`, `claude-sonnet-4-5-20250929`,
 * `anthropic/claude-3.5-sonnet:beta`, `ft:gpt-4o-mini:org::id`, `publishers/google/models/x@001`.
 */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+~-]*$/;
export const MAX_MODEL_ID_CHARS = 200;

/** A long run of mixed-case letters and digits with no separators: a token, not a model name. */
const TOKEN_LIKE = /(?=[A-Za-z0-9_]*[a-z])(?=[A-Za-z0-9_]*[A-Z])(?=[A-Za-z0-9_]*[0-9])[A-Za-z0-9_]{32,}/;

export const KEY_IN_MODEL_MESSAGE =
  'This looks like an API key, not a model name. Keys belong in the server’s environment (the variable the profile names), never in a form field.';

/** Why `model` is not a model id a person meant to type (null: it is one). Pure: the form checks it in the browser too. */
export function modelIdProblem(model: string): string | null {
  const unstorable = unstorableCharacters(model);
  if (unstorable) return `The model name contains ${unstorable}; remove it.`;
  if (
    SECRET_RULES.some(({ pattern }) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(model)) ||
    TOKEN_LIKE.test(model)
  ) {
    return KEY_IN_MODEL_MESSAGE;
  }
  if (!MODEL_ID.test(model))
    return 'A model name is letters, digits and . _ - : / @ + ~, with no spaces (e.g. gpt-4.1 or anthropic/claude-sonnet-4.5).';
  return null;
}

/** A model field, in a profile or a run's settings. */
export const modelIdSchema = z
  .string({ error: 'Enter a model name' })
  .trim()
  .min(1, 'Enter a model name')
  .max(MAX_MODEL_ID_CHARS, `The model name can be at most ${MAX_MODEL_ID_CHARS} characters`)
  .superRefine((model, context) => {
    const problem = modelIdProblem(model);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
