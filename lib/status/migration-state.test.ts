import { describe, expect, it } from 'vitest';
import { compareMigrations } from './migration-state';

const done = (migration_name: string) => ({ migration_name, finished_at: new Date(), rolled_back_at: null });

describe('compareMigrations', () => {
  it('splits the folder into applied and pending', () => {
    expect(compareMigrations(['20260101000000_init', '20260201000000_more'], [done('20260101000000_init')])).toEqual({
      applied: ['20260101000000_init'],
      pending: ['20260201000000_more'],
      failed: [],
      unknown: [],
    });
  });

  it('reports failed, rolled back and unknown migrations', () => {
    const rows = [
      { migration_name: 'a_failed', finished_at: null, rolled_back_at: null },
      { migration_name: 'b_rolled_back', finished_at: null, rolled_back_at: new Date() },
      done('z_elsewhere'),
    ];
    expect(compareMigrations(['a_failed', 'b_rolled_back'], rows)).toEqual({
      applied: [],
      pending: ['b_rolled_back'],
      failed: ['a_failed'],
      unknown: ['z_elsewhere'],
    });
  });
});
