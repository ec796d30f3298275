import { describe, expect, it } from 'vitest';
import { comparisonText, descendantText, lineageLine } from './lineage-text';

const parentRunId = '0199d2c4-7a1e-7b3c-9f00-1234567890ab';

describe('lineage text', () => {
  it('says where a fork or replay came from, around the link to its parent', () => {
    expect(lineageLine({ kind: 'fork', parentRunId, forkedAtTurn: 2, replayMode: null })).toEqual({
      lead: 'Forked from',
      parentRunId,
      tail: 'after turn 3',
    });
    expect(lineageLine({ kind: 'replay', parentRunId, forkedAtTurn: null, replayMode: 'stop' })).toEqual({
      lead: 'Replay of',
      parentRunId,
      tail: '— stops at the first divergence',
    });
    expect(lineageLine({ kind: 'replay', parentRunId, forkedAtTurn: null, replayMode: 'continue' }).tail).toBe(
      '— continues with real tools at the first divergence',
    );
  });

  it('says so when the parent was deleted (no link)', () => {
    expect(lineageLine({ kind: 'fork', parentRunId: null, forkedAtTurn: 0, replayMode: null })).toEqual({
      lead: 'Forked from a run since deleted',
      parentRunId: null,
      tail: 'after turn 1',
    });
    expect(lineageLine({ kind: 'replay', parentRunId: null, forkedAtTurn: null, replayMode: 'stop' }).lead).toBe(
      'Replay of a run since deleted',
    );
  });

  it('names forks, replays and comparisons', () => {
    const child = { id: parentRunId, profileName: 'simulator-anthropic', status: 'running' };
    expect(descendantText({ ...child, kind: 'fork', forkedAtTurn: 0 })).toBe('Fork after turn 1 · simulator-anthropic');
    expect(descendantText({ ...child, kind: 'replay', forkedAtTurn: null })).toBe('Replay · simulator-anthropic');
    expect(comparisonText('lineage')).toBe('A run beside its fork or replay');
    expect(comparisonText('profiles')).toBe('The same task on several profiles');
  });
});
