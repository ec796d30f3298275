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
    expect(parseRunsArgs(['delete', id])).toEqual({ ok: false, message: 'Unknown command "delete": use list, show or tail.' });
    expect(parseRunsArgs([])).toEqual({ ok: false, message: 'Name a command: list, show or tail.' });
    expect(parseRunsArgs(['list', '--bogus']).ok).toBe(false);
    expect(parseRunsArgs(['--help'])).toEqual({ ok: true, value: { command: 'help' } });
  });
});
