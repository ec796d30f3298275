// The run header's lineage: where a fork or replay came from, where a replay left its recording,
// what was made from the run and the comparisons it stands in — and nothing for a run with none.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@/lib/runs/run-detail';
import { RunLineage } from './RunLineage';

const PARENT = '0199d2c4-7a1e-7b3c-9f00-1234567890ab';
const CHILD = '01a24e97-478e-7686-9488-83a8d2bb3a7b';
const COMPARISON = '01a24e98-0000-7000-8000-000000000001';
const plain = { id: CHILD, lineage: null, descendants: [], comparisons: [], replayDivergence: null } as unknown as RunSummary;
const render = (run: Partial<RunSummary>, status = 'succeeded') =>
  renderToStaticMarkup(createElement(RunLineage, { run: { ...plain, ...run } as RunSummary, status }));
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('RunLineage', () => {
  it('shows nothing for a run that is neither a fork nor a replay and has none', () => {
    expect(render({})).toBe('');
  });

  it('a fork: its parent linked, the turn it was forked after', () => {
    const html = render({ lineage: { kind: 'fork', parentRunId: PARENT, forkedAtTurn: 2, replayMode: null } });
    expect(text(html)).toBe('Forked from run 0199d2c4 after turn 3');
    expect(html).toContain(`href="/runs/${PARENT}"`);
  });

  it('a replay: how it ends at a divergence, and where it left the recording or that it did not', () => {
    const lineage = { kind: 'replay' as const, parentRunId: PARENT, forkedAtTurn: null, replayMode: 'stop' as const };
    const divergence = {
      turnIndex: 1,
      callIndex: 0,
      expected: { name: 'read_file', arguments: { path: 'a' } },
      asked: null,
      action: 'stopped' as const,
    };
    expect(text(render({ lineage, replayDivergence: divergence }))).toBe(
      'Replay of run 0199d2c4 — stops at the first divergence' +
        'Left the recording at turn 2: answered where the recording has read_file({&quot;path&quot;:&quot;a&quot;}); the replay stopped there.',
    );
    expect(text(render({ lineage }))).toContain('Followed the recording to the end');
    expect(text(render({ lineage }, 'running'))).not.toContain('Followed the recording');
    expect(text(render({ lineage }, 'failed'))).not.toContain('Followed the recording');
  });

  it('the forks and replays made from the run, and its comparisons, linked', () => {
    const html = render({
      descendants: [{ id: CHILD, kind: 'fork', forkedAtTurn: 0, profileName: 'simulator-anthropic', status: 'running' }],
      comparisons: [{ id: COMPARISON, kind: 'profiles' }],
    });
    expect(html).toContain(`href="/runs/${CHILD}"`);
    expect(html).toContain(`href="/compare/${COMPARISON}"`);
    expect(text(html)).toContain('Fork after turn 1 · simulator-anthropic');
    expect(text(html)).toContain('The same task on several profiles');
  });
});
