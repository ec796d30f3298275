import { describe, expect, it } from 'vitest';
import { parseRunsArgs } from './runs-args';

const id = '01a21715-5106-77a7-b88a-9f4c86593c23';

describe('parseRunsArgs', () => {
  it('turns list options into the /runs filters, validated as the page validates them', () => {
    const parsed = parseRunsArgs([
      'list',
      '--provider',
      'simulator',
      '--status',
      'failed',
      '--has-errors',
      '--limit',
      '5',
      '--error-kind',
      'rate_limit',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        command: 'list',
        json: false,
        params: expect.objectContaining({ provider: 'simulator', status: 'failed', hasErrors: true, limit: 5, errorKind: 'rate_limit' }),
      },
    });
    expect(parseRunsArgs(['list', '--json'])).toMatchObject({ ok: true, value: { json: true, params: { limit: 50 } } });
  });

  it('refuses filter values the page refuses, with its message', () => {
    expect(parseRunsArgs(['list', '--limit', '0'])).toEqual({ ok: false, message: 'Invalid filter: limit is at least 1.' });
    expect(parseRunsArgs(['list', '--status', 'done'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('status is one of queued, running'),
    });
  });

  it('takes one well-formed run id for show and tail', () => {
    expect(parseRunsArgs(['show', id.toUpperCase()])).toEqual({ ok: true, value: { command: 'show', runId: id, json: false } });
    expect(parseRunsArgs(['tail', id, '--json'])).toEqual({ ok: true, value: { command: 'tail', runId: id, json: true } });
    expect(parseRunsArgs(['show', 'abc'])).toEqual({ ok: false, message: expect.stringMatching(/^Malformed run id/) });
    expect(parseRunsArgs(['show'])).toEqual({ ok: false, message: 'show takes one run id.' });
    expect(parseRunsArgs(['tail', id, '--status', 'failed'])).toEqual({
      ok: false,
      message: '--status is a list filter; tail takes a run id.',
    });
  });

  it('refuses unknown commands and options', () => {
    expect(parseRunsArgs(['delete', id])).toEqual({
      ok: false,
      message: 'Unknown command "delete": use list, show, tail, compare, fork or replay.',
    });
    expect(parseRunsArgs([])).toEqual({ ok: false, message: 'Name a command: list, show, tail, compare, fork or replay.' });
    expect(parseRunsArgs(['list', '--follow'])).toEqual({ ok: false, message: '--follow does not apply to list.' });
    expect(parseRunsArgs(['show', id, '--profile', 'simulator-chat'])).toEqual({ ok: false, message: '--profile does not apply to show.' });
    expect(parseRunsArgs(['list', '--bogus']).ok).toBe(false);
    expect(parseRunsArgs(['--help'])).toEqual({ ok: true, value: { command: 'help' } });
  });
});

const refused = (argv: string[]) => {
  const parsed = parseRunsArgs(argv);
  return parsed.ok ? null : parsed.message;
};

describe('parseRunsArgs: compare', () => {
  it('prints a comparison as text, JSON or CSV', () => {
    expect(parseRunsArgs(['compare', id])).toEqual({ ok: true, value: { command: 'compare', comparisonId: id, format: 'text' } });
    expect(parseRunsArgs(['compare', id, '--json'])).toMatchObject({ ok: true, value: { format: 'json' } });
    expect(parseRunsArgs(['compare', id, '--csv'])).toMatchObject({ ok: true, value: { format: 'csv' } });
    expect(refused(['compare', id, '--csv', '--json'])).toBe('Choose --json or --csv, not both.');
    expect(refused(['compare', 'abc'])).toMatch(/^Malformed comparison id: a comparison id is a UUID/);
    expect(refused(['compare', id, id])).toBe('compare takes one comparison id.');
    expect(refused(['compare', id, '--profile', 'simulator-chat'])).toBe(
      '--profile does not apply to compare <id>, which prints a comparison.',
    );
  });

  it('starts one task on several profiles, checked with the New run form’s schema', () => {
    expect(
      parseRunsArgs([
        'compare',
        '--profile',
        'simulator-chat',
        '--profile',
        'simulator-anthropic',
        '--task',
        'Say hi.',
        '--tools',
        'list_files, write_file',
        '--max-turns',
        '3',
        '--scenario',
        'simulator-chat=rate_limit_json; times=1',
        '--follow',
      ]),
    ).toEqual({
      ok: true,
      value: {
        command: 'compare-start',
        json: false,
        follow: true,
        input: expect.objectContaining({
          profileNames: ['simulator-chat', 'simulator-anthropic'],
          task: 'Say hi.',
          options: expect.objectContaining({ tools: ['list_files', 'write_file'], maxTurns: 3 }),
          overrides: { 'simulator-chat': { simulatorScenario: 'rate_limit_json; times=1' } },
        }),
      },
    });
  });

  it('refuses a comparison of one profile, twice the same profile, no task, an unknown tool or a scenario for another profile', () => {
    expect(refused(['compare', '--profile', 'simulator-chat', '--task', 'hi'])).toBe('Choose at least 2 profiles to compare (--profile).');
    expect(refused(['compare', '--profile', 'a', '--profile', 'a', '--task', 'hi'])).toBe('Each profile at most once (--profile).');
    expect(refused(['compare', '--profile', 'a', '--profile', 'b'])).toMatch(/^Name the task to compare with --task/);
    expect(refused(['compare', '--profile', 'a', '--profile', 'b', '--task', '  '])).toBe('Describe the task (--task).');
    expect(refused(['compare', '--profile', 'a', '--profile', 'b', '--task', 'hi', '--tools', 'bogus'])).toBe(
      'Unknown tool “bogus” (--tools).',
    );
    expect(refused(['compare', '--profile', 'a', '--profile', 'b', '--task', 'hi', '--max-turns', 'many'])).toBe(
      'Enter a whole number of turns (--max-turns).',
    );
    expect(refused(['compare', '--profile', 'a', '--profile', 'b', '--task', 'hi', '--scenario', 'auth'])).toMatch(
      /^--scenario takes <profile>=<scenario>/,
    );
    expect(refused(['compare', '--profile', 'a', '--profile', 'b', '--task', 'hi', '--scenario', 'c=auth'])).toBe(
      '“c” is not one of the compared profiles (--scenario).',
    );
    expect(refused(['compare', '--profile', 'a', '--profile', 'b', '--task', 'hi', '--scenario', 'a=nope'])).toMatch(
      /^Unknown fault scenario “nope”.*\(--scenario\)\.$/,
    );
  });

  it('starts a comparison from a run: its task and options on more profiles', () => {
    expect(parseRunsArgs(['compare', '--run', id, '--profile', 'simulator-chat', '--json'])).toEqual({
      ok: true,
      value: { command: 'compare-run', runId: id, json: true, follow: false, input: { profileNames: ['simulator-chat'], overrides: {} } },
    });
    expect(refused(['compare', '--run', id])).toBe('Choose at least one profile (--profile).');
    expect(refused(['compare', '--run', id, '--profile', 'x', '--task', 'hi'])).toBe(
      "--task does not apply to compare --run (the run's task and options are used).",
    );
    expect(refused(['compare', '--run', 'nope', '--profile', 'x'])).toMatch(/^Malformed run id/);
  });
});

describe('parseRunsArgs: fork and replay', () => {
  it('forks a run after a turn onto a profile, with a model if given', () => {
    expect(parseRunsArgs(['fork', id, '--turn', '1', '--profile', 'simulator-chat', '--model', 'sim-gpt-2', '--follow'])).toEqual({
      ok: true,
      value: {
        command: 'fork',
        runId: id,
        json: false,
        follow: true,
        input: { turn: 1, profileName: 'simulator-chat', overrides: { model: 'sim-gpt-2' } },
      },
    });
    expect(refused(['fork', id, '--profile', 'simulator-chat'])).toBe('fork needs --turn N: the turn whose end the new run starts from.');
    expect(refused(['fork', id, '--turn', 'two', '--profile', 'x'])).toBe('Choose the turn to fork from by its number (--turn).');
    expect(refused(['fork', id, '--turn', '', '--profile', 'x'])).toBe('Choose the turn to fork from by its number (--turn).');
    expect(refused(['fork', id, '--turn=-1', '--profile', 'x'])).toBe('Turns are numbered from 1 (--turn).');
    expect(refused(['fork', id, '--turn', '0', '--profile', 'x'])).toBe('Turns are numbered from 1 (--turn).');
    expect(refused(['fork', id, '--turn', '1'])).toBe('fork takes one --profile: the profile the new run goes on.');
    expect(refused(['fork', id, '--turn', '1', '--profile', 'a', '--profile', 'b'])).toBe(
      'fork takes one --profile: the profile the new run goes on.',
    );
    expect(refused(['fork', id, '--turn', '1', '--profile', 'a', '--on-divergence', 'stop'])).toBe(
      '--on-divergence does not apply to fork.',
    );
    expect(refused(['fork', '--turn', '1', '--profile', 'a'])).toBe('fork takes one run id.');
  });

  it('replays a run on a profile; at a divergence it stops unless told to continue', () => {
    expect(parseRunsArgs(['replay', id, '--profile', 'simulator-anthropic'])).toEqual({
      ok: true,
      value: {
        command: 'replay',
        runId: id,
        json: false,
        follow: false,
        input: { profileName: 'simulator-anthropic', overrides: {}, onDivergence: 'stop' },
      },
    });
    expect(parseRunsArgs(['replay', id, '--profile', 'x', '--on-divergence', 'continue', '--json'])).toMatchObject({
      ok: true,
      value: { json: true, input: { onDivergence: 'continue' } },
    });
    expect(refused(['replay', id, '--profile', 'x', '--on-divergence', 'maybe'])).toBe(
      'At a divergence the replay stops or continues (--on-divergence).',
    );
    expect(refused(['replay', id, '--profile', 'x', '--turn', '1'])).toBe('--turn does not apply to replay.');
    expect(refused(['replay', id, '--profile', 'x', '--model', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789'])).toMatch(/\(--model\)\.$/);
  });
});
