// The New run form's last start, kept per browser (localStorage), so that Back or a new visit shows
// it again and trying a variant is one edit. The form asks for no secret (keys stay on the server; a
// profile names its key's variable, never the key), but a person may paste one into the task or the
// system prompt: what is kept is masked as the server masks it (lib/redaction, by the shapes of
// keys; the browser knows no key's value). Never kept: the idempotency key — each start is a new
// run. What is read back is checked against today's profiles, tools and templates: a value that no
// longer fits is dropped, not sent.
import { z } from 'zod';
import { redact } from '@/lib/redaction/redact';
import { MAX_FALLBACKS } from '@/lib/runs/run-input';
import { MAX_COMPARED_PROFILES } from '@/lib/runs/lineage-input';

export const SAVED_FORM_STORAGE_KEY = 'switchboard:new-run-form';

const savedFormSchema = z.object({
  profileName: z.string(),
  several: z.boolean(),
  compared: z.array(z.string()),
  memberScenarios: z.record(z.string(), z.string()),
  // The text controls, as typed.
  text: z.object({
    model: z.string(),
    temperature: z.string(),
    maxOutputTokens: z.string(),
    effort: z.string(),
    budgetTokens: z.string(),
    cachePolicy: z.string(),
    cacheTtl: z.string(),
    maxTurns: z.string(),
    workspaceTemplate: z.string(),
    simulatorScenario: z.string(),
    systemPrompt: z.string(),
    task: z.string(),
  }),
  stream: z.boolean(),
  tools: z.array(z.string()),
  fallbacks: z.array(z.string()),
});

/** What the form restores: its values as the controls hold them. */
export type SavedRunForm = z.infer<typeof savedFormSchema>;

/** What there is to choose from today (the profiles in the order the form lists them). */
export type FormChoices = {
  profiles: readonly { name: string; model: string; stream: boolean; usable: boolean }[];
  tools: readonly string[];
  workspaceTemplates: readonly string[];
};

/** The browser holds no secret value to look for: keys are found by their shapes alone. */
const NO_SECRET_VALUES = {};

/** The text kept for `form`: its values only, secrets masked. */
export function encodeSavedForm(form: SavedRunForm): string {
  return JSON.stringify(redact(savedFormSchema.parse(form), NO_SECRET_VALUES));
}

/**
 * The form kept in `stored`, fitted to today's `choices`; null when nothing is kept (or no profile
 * can run). The profile is the one the address asks for (`?profile=simulator-chat`), else the one
 * kept, else the first usable one — with its own model and streaming when it is not the one kept.
 */
export function restoreSavedForm(stored: string | null, choices: FormChoices, requestedProfile?: string): SavedRunForm | null {
  if (!stored) return null;
  let parsed: SavedRunForm;
  try {
    const result = savedFormSchema.safeParse(JSON.parse(stored));
    if (!result.success) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  const usable = new Map(choices.profiles.filter((profile) => profile.usable).map((profile) => [profile.name, profile]));
  const requested = requestedProfile ? usable.get(requestedProfile) : undefined;
  const kept = usable.get(parsed.profileName);
  const profile = requested ?? kept ?? usable.values().next().value;
  if (!profile) return null;
  // Another profile than the one kept: its own model and streaming; a fault scenario is per profile.
  const own = profile === kept ? {} : { model: profile.model, simulatorScenario: '' };
  const compared = parsed.compared.filter((name) => usable.has(name)).slice(0, MAX_COMPARED_PROFILES);
  return {
    profileName: profile.name,
    several: parsed.several,
    compared,
    memberScenarios: Object.fromEntries(Object.entries(parsed.memberScenarios).filter(([name]) => compared.includes(name))),
    text: {
      ...parsed.text,
      ...own,
      workspaceTemplate: choices.workspaceTemplates.includes(parsed.text.workspaceTemplate) ? parsed.text.workspaceTemplate : '',
    },
    stream: profile === kept ? parsed.stream : profile.stream,
    tools: parsed.tools.filter((tool) => choices.tools.includes(tool)),
    fallbacks: parsed.fallbacks.filter((name) => usable.has(name) && name !== profile.name).slice(0, MAX_FALLBACKS),
  };
}

/** Reads the kept form from the browser's storage (null where storage is refused: a private window, a policy). */
export function readSavedForm(choices: FormChoices, requestedProfile?: string): SavedRunForm | null {
  try {
    return restoreSavedForm(window.localStorage.getItem(SAVED_FORM_STORAGE_KEY), choices, requestedProfile);
  } catch {
    return null;
  }
}

/** Keeps `form` in the browser's storage; a browser that refuses it just starts the next form empty. */
export function writeSavedForm(form: SavedRunForm): void {
  try {
    window.localStorage.setItem(SAVED_FORM_STORAGE_KEY, encodeSavedForm(form));
  } catch {
    // Storage full or refused: nothing to keep.
  }
}
