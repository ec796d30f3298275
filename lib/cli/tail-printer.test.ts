import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '@/lib/runs/transcript-reducer';
import { createColors, stripAnsi } from './colors';
import { events } from './fixtures';
import { TailPrinter } from './tail-printer';

describe('TailPrinter', () => {
  it('streams text and reasoning on their line and puts every other event on its own lines', () => {
    const printer = new TailPrinter();
    const text =
      events()
        .map((event) => printer.write(event))
        .join('') + printer.end();
    expect(text.split('\n')).toEqual([
      '▶ Started on worker w1',
      '── Turn 1 · simulator-anthropic · sim-claude ───────────────────────────',
      '   Reasoning │ Let me think.',
      '   └ signature: encrypted, 296 bytes',
      "   I'll use the list_files tool.",
      '   → list_files {"path":"."}',
      '   usage: in 237 / out 51 · cache read 0 / write 206',
      '   finish: tool_calls',
      '   ← list_files ok {"ok":true,"entries":[]}',
      '── Turn 2 · simulator-anthropic · sim-claude ───────────────────────────',
      '   [streaming-disabled] Your organization must be verified to stream this model.',
      '   ↻ attempt 2 (not streamed)',
      '   The folder is empty.',
      '   finish: stop',
      '■ Run succeeded',
      '',
    ]);
  });

  it('prints streamed reasoning once when its complete part comes after the answer (a recorded Responses run)', () => {
    // The Responses runtime sends the complete reasoning item at response.completed, after the text.
    const recorded = JSON.parse(
      readFileSync(new URL('./__fixtures__/responses-reasoning-after-answer.events.json', import.meta.url), 'utf8'),
    ) as TranscriptEvent[];
    const printer = new TailPrinter();
    const text = recorded.map((event) => printer.write(event)).join('') + printer.end();
    expect(text.split('\n')).toEqual([
      '▶ Started on worker vm:15091:4de71f',
      '── Turn 1 · simulator-responses · sim-o-reasoner ───────────────────────',
      '   Reasoning │ The user asked: "Say hello briefly.". No tool is needed here, so I will answer directly in about 40 words.',
      '   Simulated answer to: "Say hello briefly.". A request that names an offered tool makes the simulator call that tool. Every request is recorded so that tests can inspect exactly what the client sent. Nothing in this text is meant to be useful beyond testing the plumbing around the model.',
      '   Reasoning · encrypted, 332 bytes',
      // The Responses API reports no cache writes: null, never 0.
      '   usage: in 843 / out 264 / reasoning 192 · cache read 0 / write not reported',
      '   finish: stop',
      '■ Run succeeded',
      '',
    ]);
    expect(text.match(/The user asked/g)).toHaveLength(1);
  });

  it('prints a complete reasoning part that did not stream, and each of several parts once', () => {
    const printer = new TailPrinter();
    const ev = (type: string, payload: Record<string, unknown>, seq: number): TranscriptEvent => ({ seq, type, payload });
    const text = [
      ev('attempt', { attempt: 1, streamed: false }, 0),
      ev('reasoning', { text: 'Not streamed.', encryptedBytes: 0, signatureBytes: 0, redacted: false }, 1),
      ev('attempt', { attempt: 2, streamed: true }, 2),
      ev('reasoning-delta', { text: 'First part.' }, 3),
      ev('reasoning-delta', { text: 'Second part.' }, 4),
      ev('text-delta', { text: 'Answer.' }, 5),
      ev('reasoning', { text: 'First part.', encryptedBytes: 10, signatureBytes: 0, redacted: false }, 6),
      ev('reasoning', { text: 'Second part.', encryptedBytes: 0, signatureBytes: 0, redacted: false }, 7),
      ev('reasoning', { text: 'A part that never streamed.', encryptedBytes: 0, signatureBytes: 0, redacted: false }, 8),
    ]
      .map((event) => printer.write(event))
      .join('');
    expect(text.split('\n')).toEqual([
      '   Reasoning',
      '   │ Not streamed.',
      '   ↻ attempt 2 (streamed)',
      '   Reasoning │ First part.Second part.',
      '   Answer.',
      '   Reasoning · encrypted, 10 bytes',
      '   Reasoning',
      '   │ A part that never streamed.',
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

  it('prints an event it cannot read as it is, and goes on', () => {
    const printer = new TailPrinter();
    const text = [
      printer.write({ seq: 0, type: 'text-delta', payload: { text: 'Hi' } }),
      printer.write({ seq: 1, type: 'usage', payload: { usage: 'lots' } }),
      printer.write({ seq: 2, type: 'from-the-future', payload: { answer: 42 } }),
      printer.write({ seq: 3, type: 'finish', payload: { finishReason: 'stop' } }),
    ].join('');
    expect(text.split('\n')).toEqual([
      '   Hi',
      '   [unreadable event] usage — usage usage: Invalid input: expected object, received string {"usage":"lots"}',
      '   [unreadable event] from-the-future — unknown event type "from-the-future" {"answer":42}',
      '   finish: stop',
      '',
    ]);
  });
});
