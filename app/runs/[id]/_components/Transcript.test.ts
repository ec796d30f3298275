// The transcript's turn sections: a turn's action ("Fork from here") once per turn, also when its
// call fell back to another profile; results a replay served are marked.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { replayTranscript, type TranscriptEvent } from '@/lib/runs/transcript-reducer';
import { Transcript } from './Transcript';

const events = (list: [string, Record<string, unknown>][]): TranscriptEvent[] =>
  list.map(([type, payload], seq) => ({ seq, type, payload }));

describe('Transcript', () => {
  it('puts a turn’s action on its last section only, and marks served results', () => {
    const { blocks } = replayTranscript(
      events([
        ['turn-start', { index: 0, turnId: 't0', profile: 'primary', model: 'm1', fallback: false }],
        ['error', { kind: 'rate_limit', status: 429, hint: 'Slow down.' }],
        ['fallback', { from: 'primary', to: 'backup', kind: 'rate_limit' }],
        ['turn-start', { index: 0, turnId: 't0', profile: 'backup', model: 'm2', fallback: true }],
        ['tool-call', { id: 'c1', name: 'read_file', arguments: { path: 'a' } }],
        ['finish', { finishReason: 'tool_calls' }],
        ['tool-result', { id: 'c1', name: 'read_file', ok: true, result: { ok: true }, replayed: true }],
        ['turn-start', { index: 1, turnId: 't1', profile: 'backup', model: 'm2', fallback: false }],
        ['tool-call', { id: 'c2', name: 'read_file', arguments: { path: 'b' } }],
        ['finish', { finishReason: 'tool_calls' }],
        ['tool-result', { id: 'c2', name: 'read_file', ok: true, result: { ok: true } }],
      ]),
    );
    const html = renderToStaticMarkup(
      createElement(Transcript, {
        blocks,
        turns: [],
        active: false,
        turnAction: (index: number) => createElement('button', { 'data-fork': index }, 'Fork from here'),
      }),
    );
    expect(html.match(/data-fork="\d+"/g)).toEqual(['data-fork="0"', 'data-fork="1"']);
    // The action sits in the backup profile's section of turn 0, after the primary's.
    expect(html.indexOf('data-fork="0"')).toBeGreaterThan(html.indexOf('backup'));
    expect(html.match(/data-testid="tool-replayed"[^>]*>replayed from the recording</g)).toHaveLength(1);
  });
});
