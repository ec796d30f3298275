import { describe, expect, it } from 'vitest';
import { ExpectedFailure, describeFailure } from './expected-failure.mjs';
import { MAX_WORKERS, connectionsNeeded, parseWorkerCount } from './worker-count.mjs';

function refusal(value, cores = 8) {
  try {
    parseWorkerCount(value, cores);
  } catch (error) {
    return error;
  }
  throw new Error(`SWITCHBOARD_WORKERS=${value} was accepted`);
}

describe('parseWorkerCount (SWITCHBOARD_WORKERS)', () => {
  it('is one per core when unset or empty', () => {
    expect(parseWorkerCount(undefined, 8)).toEqual({ count: 8, source: 'cores' });
    expect(parseWorkerCount('  ', 2)).toEqual({ count: 2, source: 'cores' });
    expect(parseWorkerCount(undefined, 1)).toEqual({ count: 1, source: 'cores' });
  });

  it('caps the default of a machine with more cores than MAX_WORKERS', () => {
    expect(parseWorkerCount(undefined, 192)).toEqual({ count: MAX_WORKERS, source: 'cores' });
  });

  it('takes a whole number from 0 to MAX_WORKERS, spaces around it allowed; 0 is a console without workers', () => {
    expect(parseWorkerCount('1', 8)).toEqual({ count: 1, source: 'setting' });
    expect(parseWorkerCount(' 3 ', 8)).toEqual({ count: 3, source: 'setting' });
    expect(parseWorkerCount(String(MAX_WORKERS), 2)).toEqual({ count: MAX_WORKERS, source: 'setting' });
    expect(parseWorkerCount('0', 8)).toEqual({ count: 0, source: 'setting' });
  });

  it.each([
    [
      '-2',
      'SWITCHBOARD_WORKERS=-2 is negative: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
    [
      '1000',
      'SWITCHBOARD_WORKERS=1000 is more than 64: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
    [
      '65',
      'SWITCHBOARD_WORKERS=65 is more than 64: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
    [
      'four',
      'SWITCHBOARD_WORKERS=four is not a whole number: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
    [
      '2.5',
      'SWITCHBOARD_WORKERS=2.5 is not a whole number: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
    [
      '1e3',
      'SWITCHBOARD_WORKERS=1e3 is not a whole number: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
    [
      '0x4',
      'SWITCHBOARD_WORKERS=0x4 is not a whole number: set it to the number of worker processes, 1 to 64, or 0 for a console without workers (unset: one per core, 8 here).',
    ],
  ])('refuses %s with one line that says what to set, and no stack', (value, message) => {
    const error = refusal(value);
    expect(error).toBeInstanceOf(ExpectedFailure);
    expect(describeFailure(error)).toBe(message);
    expect(message).not.toContain('\n');
  });
});

describe('connectionsNeeded', () => {
  it("is Postgres' default for a few workers, and grows with 15 a process beyond", () => {
    expect(connectionsNeeded(0)).toBe(100);
    expect(connectionsNeeded(2)).toBe(100);
    expect(connectionsNeeded(8)).toBe(175);
    expect(connectionsNeeded(64)).toBe(1015);
  });
});
