import { z } from 'zod';
import { startRunInputSchema } from './run-input';

/** How many profiles a comparison runs on. */
export const MIN_COMPARED_PROFILES = 2;
export const MAX_COMPARED_PROFILES = 6;

const profileName = startRunInputSchema.shape.profileName;
const overrides = startRunInputSchema.shape.overrides;
const idempotencyKey = startRunInputSchema.shape.idempotencyKey;

const profileNames = (min: number, max: number) =>
  z
    .array(z.string({ error: 'Name profiles by their name' }).min(1, 'Name profiles by their name'), {
      error: 'Choose the profiles as a list',
    })
    .min(min, min === 1 ? 'Choose at least one profile' : `Choose at least ${min} profiles to compare`)
    .max(max, `At most ${max} profiles`)
    .refine((names) => new Set(names).size === names.length, 'Each profile at most once');

/** Settings per member, by profile name (e.g. a fault scenario on one Simulator member). */
const memberOverrides = z
  .record(z.string(), overrides, { error: 'Settings per profile must be an object keyed by profile name' })
  .default({});

/** Every key of `overrides` names one of `profileNames`. */
function overridesOfMembers(input: { profileNames: string[]; overrides: Record<string, unknown> }, context: z.RefinementCtx) {
  for (const name of Object.keys(input.overrides))
    if (!input.profileNames.includes(name))
      context.addIssue({ code: 'custom', path: ['overrides', name], message: `“${name}” is not one of the compared profiles` });
}

/**
 * One task on several profiles, as one comparison: the New run form's fields with the profiles
 * in place of one profile, and settings per profile where one should differ (a fault scenario).
 */
export const startComparisonInputSchema = startRunInputSchema
  .omit({ profileName: true, overrides: true })
  .extend({ profileNames: profileNames(MIN_COMPARED_PROFILES, MAX_COMPARED_PROFILES), overrides: memberOverrides })
  .superRefine(overridesOfMembers);
export type StartComparisonInput = z.input<typeof startComparisonInputSchema>;

/** "Compare on …" from a run: its task and options on more profiles, beside it. */
export const compareRunInputSchema = z
  .object(
    { profileNames: profileNames(1, MAX_COMPARED_PROFILES - 1), overrides: memberOverrides, idempotencyKey },
    { error: 'Send the profiles to compare on as an object' },
  )
  .superRefine(overridesOfMembers);
export type CompareRunInput = z.input<typeof compareRunInputSchema>;

/**
 * "Fork from here": the conversation through `turn`, continued on another profile (and settings).
 * `turn` is the turn's number as people count it (1: the first turn; lib/run-events/turn-number.ts).
 */
export const forkRunInputSchema = z.object(
  {
    turn: z
      .number({ error: 'Choose the turn to fork from by its number' })
      .int('Choose the turn to fork from by its number')
      .min(1, 'Turns are numbered from 1'),
    profileName,
    overrides,
    idempotencyKey,
  },
  { error: 'Send the fork as an object with a turn and a profile' },
);
export type ForkRunInput = z.input<typeof forkRunInputSchema>;

export const REPLAY_DIVERGENCE_MODES = ['stop', 'continue'] as const;

/** "Replay on …": the run again with its recorded tool results served, until the model asks for other calls. */
export const replayRunInputSchema = z.object(
  {
    profileName,
    overrides,
    onDivergence: z.enum(REPLAY_DIVERGENCE_MODES, { error: 'At a divergence the replay stops or continues' }).default('stop'),
    idempotencyKey,
  },
  { error: 'Send the replay as an object with a profile' },
);
export type ReplayRunInput = z.input<typeof replayRunInputSchema>;
