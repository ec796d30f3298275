import { describe, expect, it } from 'vitest';
import { readFixture } from '../core/replay-fixture';
import { SseParser } from '../core/sse';
import { ReasoningDetailsMerger } from './merge-reasoning-details';

/** The `reasoning_details` fragments of a recorded OpenRouter stream, chunk by chunk. */
function recordedFragments(name: string): unknown[] {
  const parser = new SseParser();
  const items = [...parser.push(readFixture(__dirname, name)), ...parser.end()];
  return items.flatMap((item) => {
    if (item.type !== 'event' || item.data === '[DONE]') return [];
    const delta = (JSON.parse(item.data) as { choices: { delta: { reasoning_details?: unknown } }[] }).choices[0]?.delta;
    return delta?.reasoning_details === undefined ? [] : [delta.reasoning_details];
  });
}

describe('ReasoningDetailsMerger', () => {
  it('joins the fragments of a recorded stream: text concatenated, the signature that came last kept', () => {
    const merger = new ReasoningDetailsMerger();
    for (const fragments of recordedFragments('openrouter-reasoning-details-tool-call.chunks.txt')) merger.add(fragments);
    expect(merger.details).toEqual([
      {
        type: 'reasoning.text',
        text: 'The user wants the README first.',
        format: 'anthropic-claude-v1',
        index: 0,
        signature: expect.stringMatching(/^EpIFCkYI.*==$/),
      },
    ]);
    expect(merger.text).toBe('The user wants the README first.');
  });

  it('keeps details of different indexes apart, in order of arrival; summary and data concatenate too', () => {
    const merger = new ReasoningDetailsMerger();
    merger.add([{ type: 'reasoning.summary', summary: 'Compare ', index: 1 }]);
    merger.add([{ type: 'reasoning.encrypted', data: 'gAAA', index: 0 }]);
    merger.add([
      { type: 'reasoning.summary', summary: 'tenths.', index: 1 },
      { type: 'reasoning.encrypted', data: 'BBBB', index: 0 },
    ]);
    expect(merger.details).toEqual([
      { type: 'reasoning.summary', summary: 'Compare tenths.', index: 1 },
      { type: 'reasoning.encrypted', data: 'gAAABBBB', index: 0 },
    ]);
    expect(merger.text).toBe('Compare tenths.');
  });

  it('an empty, null or missing value never overwrites what arrived; fragments without an index stay separate', () => {
    const merger = new ReasoningDetailsMerger();
    merger.add([{ type: 'reasoning.text', text: 'a', signature: 'sig', index: 0 }]);
    merger.add([{ type: 'reasoning.text', text: '', signature: null, index: 0 }]);
    merger.add([
      { type: 'reasoning.text', text: 'x' },
      { type: 'reasoning.text', text: 'y' },
    ]);
    merger.add('not a list');
    merger.add([null, 3]);
    expect(merger.details).toEqual([
      { type: 'reasoning.text', text: 'a', signature: 'sig', index: 0 },
      { type: 'reasoning.text', text: 'x' },
      { type: 'reasoning.text', text: 'y' },
    ]);
  });
});
