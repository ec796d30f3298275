import { describe, expect, it } from 'vitest';
import { forkRunInputSchema, replayRunInputSchema, compareRunInputSchema } from '@/lib/runs/lineage-input';
import { fieldErrorsOf } from '@/lib/runs/run-input';
import { compareInputOf, forkInputOf, replayInputOf } from './lineage-form-input';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};
const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('the run page forms → the commands’ input', () => {
  it('fork: the turn, the profile, the settings typed (blank ones left to the profile) and the key', () => {
    const input = forkInputOf(
      form([
        ['turn', '2'],
        ['profileName', 'simulator-anthropic'],
        ['model', ' sim-claude-2 '],
        ['temperature', '0.3'],
        ['maxOutputTokens', ''],
        ['idempotencyKey', KEY],
      ]),
    );
    expect(input).toEqual({
      turn: 2,
      profileName: 'simulator-anthropic',
      overrides: { model: 'sim-claude-2', temperature: 0.3 },
      idempotencyKey: KEY,
    });
    expect(forkRunInputSchema.safeParse(input).success).toBe(true);
  });

  it('fork: what is not a number reaches the schema as one it refuses, under the field', () => {
    const input = forkInputOf(
      form([
        ['turn', 'x'],
        ['profileName', 'simulator-chat'],
        ['temperature', 'warm'],
        ['maxOutputTokens', '1e9'],
      ]),
    );
    const parsed = forkRunInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(Object.keys(fieldErrorsOf(parsed.error!.issues)).sort()).toEqual(['overrides.maxOutputTokens', 'overrides.temperature', 'turn']);
    expect(forkInputOf(form([]))).toEqual({ turn: Number.NaN, profileName: '', overrides: {} });
  });

  it('fork: the turn is the number people see, so turn 0 does not exist', () => {
    const parsed = forkRunInputSchema.safeParse(
      forkInputOf(
        form([
          ['turn', '0'],
          ['profileName', 'simulator-chat'],
        ]),
      ),
    );
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!.issues)).toEqual({ turn: ['Turns are numbered from 1'] });
  });

  it('replay: the profile and what happens at a divergence (stop unless chosen otherwise)', () => {
    const continued = replayInputOf(
      form([
        ['profileName', 'simulator-responses'],
        ['onDivergence', 'continue'],
        ['idempotencyKey', KEY],
      ]),
    );
    expect(continued).toEqual({ profileName: 'simulator-responses', onDivergence: 'continue', idempotencyKey: KEY });
    expect(replayRunInputSchema.parse(replayInputOf(form([['profileName', 'simulator-responses']])))).toMatchObject({
      onDivergence: 'stop',
    });
  });

  it('compare on: every ticked profile, in order; none ticked is refused by the schema', () => {
    const input = compareInputOf(
      form([
        ['profileNames', 'simulator-responses'],
        ['profileNames', 'simulator-anthropic'],
        ['idempotencyKey', KEY],
      ]),
    );
    expect(input).toEqual({ profileNames: ['simulator-responses', 'simulator-anthropic'], idempotencyKey: KEY });
    const none = compareRunInputSchema.safeParse(compareInputOf(form([])));
    expect(fieldErrorsOf(none.error!.issues)).toEqual({ profileNames: ['Choose at least one profile'] });
  });
});
