import { describe, expect, it } from 'vitest';
import { createColors, stripAnsi } from './colors';
import { events } from './fixtures';
import { TailPrinter } from './tail-printer';

describe('TailPrinter', () => {
  it('streams text and reasoning on their line and puts every other event on its own lines', () => {
    const printer = new TailPrinter();
    const text = events().map((event) => printer.write(event)).join('') + printer.end();
    expect(text.split('\n')).toEqual([
      '▶ Started on worker w1',
      '── Turn 0 · simulator-anthropic · sim-claude ───────────────────────────',
      '   Reasoning │ Let me think.',
      '   └ signature: encrypted, 296 bytes',
      "   I'll use the list_files tool.",
      '   → list_files {"path":"."}',
      '   usage: in 237 / out 51 · cache read 0 / write 206',
      '   finish: tool_calls',
      '   ← list_files ok {"ok":true,"entries":[]}',
      '── Turn 1 · simulator-anthropic · sim-claude ───────────────────────────',
      '   [streaming-disabled] Your organization must be verified to stream this model.',
      '   ↻ attempt 2 (not streamed)',
      '   The folder is empty.',
      '   finish: stop',
      '■ Run succeeded',
      '',
    ]);
  });

  it('indents the lines of multi-line text and closes an open line at the end', () => {
    const printer = new TailPrinter();
    const text = printer.write({ seq: 0, type: 'text-delta', payload: { text: 'one\ntwo' } }) + printer.end();
    expect(text).toBe('   one\n   two\n');
    expect(printer.end()).toBe('');
  });

  it('colours only when asked', () => {
    const printer = new TailPrinter(createColors(true));
    const line = printer.write({ seq: 0, type: 'status', payload: { status: 'failed', errorKind: 'auth', message: 'refused' } });
    expect(line).toContain('\u001b[31m');
    expect(stripAnsi(line)).toBe('■ Run failed (auth): refused\n');
  });
});
