import { describe, expect, it } from 'vitest';
import { initialTranscript, replayTranscript, transcriptReducer, transcriptText, type RunEventRecord } from './transcript-reducer';

let seq = 0;
const ev = (type: string, payload: Record<string, unknown>): RunEventRecord => ({ seq: seq++, type, payload });

function toolTurnRun(): RunEventRecord[] {
  seq = 0;
  return [
    ev('status', { status: 'running', workerId: 'w1', resumed: false }),
    ev('turn-start', { index: 0, turnId: 't0', profile: 'simulator-anthropic', model: 'sim-claude', fallback: false }),
    ev('attempt', { attempt: 1, streamed: true }),
    ev('reasoning-delta', { text: 'Let me ' }),
    ev('reasoning-delta', { text: 'think.' }),
    ev('reasoning', { text: 'Let me think.', encryptedBytes: 0, signatureBytes: 344, redacted: false }),
    ev('reasoning', { text: null, encryptedBytes: 120, signatureBytes: 0, redacted: true }),
    ev('text-delta', { text: "I'll use " }),
    ev('text-delta', { text: 'the tools.' }),
    ev('tool-call', { id: 'call_1', name: 'read_file', arguments: { path: 'README.md' } }),
    ev('tool-call', { id: 'call_2', name: 'write_file', rawArguments: '{"path": ', invalid: 'Unexpected end of JSON input' }),
    ev('usage', { usage: { inputTokens: 10, outputTokens: 5 } }),
    ev('finish', { finishReason: 'tool_calls' }),
    ev('tool-result', { id: 'call_1', name: 'read_file', ok: true, result: { ok: true, content: '# hi' } }),
    ev('tool-result', { id: 'call_2', name: 'write_file', ok: false, result: { ok: false, errors: [{ path: [], message: 'Unexpected end of JSON input' }, { path: ['path'], message: 'Required' }] } }),
    ev('turn-start', { index: 1, turnId: 't1', profile: 'simulator-anthropic', model: 'sim-claude', fallback: false }),
    ev('attempt', { attempt: 1, streamed: true }),
    ev('notice', { notice: 'retrying', message: 'rate_limit (HTTP 429): retrying in 1.0 s', details: { attempt: 1, nextAttempt: 2 } }),
    ev('attempt', { attempt: 2, streamed: true }),
    ev('notice', { notice: 'streaming-disabled', message: '[streaming-disabled] Your organization must be verified to stream this model.', details: { status: 400 } }),
    ev('attempt', { attempt: 3, streamed: false }),
    ev('text-delta', { text: 'Tool read_file returned: # hi.' }),
    ev('finish', { finishReason: 'stop' }),
    ev('status', { status: 'succeeded' }),
  ];
}

describe('transcriptReducer', () => {
  it('turns a run log into turns, reasoning, text, tool calls with results and notices', () => {
    const state = replayTranscript(toolTurnRun());
    expect(state.status).toBe('succeeded');
    expect(state.turnIndex).toBe(1);
    expect(state.gaps).toBe(0);
    expect(state.blocks.map((block) => block.kind)).toEqual([
      'status',
      'turn',
      'attempt',
      'reasoning',
      'reasoning',
      'text',
      'tool',
      'tool',
      'finish',
      'turn',
      'attempt',
      'notice',
      'attempt',
      'notice',
      'attempt',
      'text',
      'finish',
      'status',
    ]);
    expect(state.blocks[3]).toMatchObject({ kind: 'reasoning', text: 'Let me think.', complete: true, signatureBytes: 344 });
    expect(state.blocks[4]).toMatchObject({ kind: 'reasoning', text: '', complete: true, encryptedBytes: 120, redacted: true });
    expect(state.blocks[6]).toMatchObject({ kind: 'tool', name: 'read_file', arguments: { path: 'README.md' }, outcome: { ok: true, errors: [] } });
    expect(state.blocks[7]).toMatchObject({
      kind: 'tool',
      name: 'write_file',
      invalid: 'Unexpected end of JSON input',
      rawArguments: '{"path": ',
      outcome: { ok: false, errors: [{ path: '(arguments)', message: 'Unexpected end of JSON input' }, { path: 'path', message: 'Required' }] },
    });
    expect(transcriptText(state)).toBe("I'll use the tools.Tool read_file returned: # hi.");
  });

  it('gives the same transcript live (one event at a time, with re-deliveries) as on replay', () => {
    const events = toolTurnRun();
    let live = initialTranscript;
    for (const [index, event] of events.entries()) {
      live = transcriptReducer(live, event);
      // A reconnect may deliver an event again: it must not duplicate anything.
      if (index % 3 === 0) live = transcriptReducer(live, event);
      if (index > 2) live = transcriptReducer(live, events[index - 2]!);
    }
    expect(live).toEqual(replayTranscript(events));
    // Replay sorts; the reducer ignores what it already has.
    expect(replayTranscript([...events].reverse())).toEqual(replayTranscript(events));
  });

  it('resumes from a partial state (server-rendered replay, then SSE after lastSeq)', () => {
    const events = toolTurnRun();
    const head = replayTranscript(events.slice(0, 8));
    expect(head.lastSeq).toBe(7);
    expect(replayTranscript(events.slice(8), head)).toEqual(replayTranscript(events));
  });

  it('renders provider errors, fallbacks and terminal statuses, and counts gaps', () => {
    seq = 0;
    const state = replayTranscript([
      ev('turn-start', { index: 0, turnId: 't0', profile: 'a', model: 'm', fallback: false }),
      ev('error', { message: '[provider-error] rate_limit 429 Slow down.', kind: 'rate_limit', status: 429, hint: 'Slow down.' }),
      ev('fallback', { from: 'a', to: 'b', kind: 'rate_limit', message: '[fallback] a failed (rate_limit); switching to b' }),
      ev('turn-start', { index: 0, turnId: 't0', profile: 'b', model: 'm2', fallback: true }),
      ev('error', { kind: 'auth', status: 401, hint: 'Check the key.' }),
      { seq: 9, type: 'status', payload: { status: 'failed', errorKind: 'auth', message: 'Incorrect API key' } },
      { seq: 10, type: 'brand-new-type', payload: {} },
    ]);
    expect(state.blocks).toMatchObject([
      { kind: 'turn', profile: 'a', fallback: false },
      { kind: 'provider-error', errorKind: 'rate_limit', status: 429, message: '[provider-error] rate_limit 429 Slow down.' },
      { kind: 'fallback', from: 'a', to: 'b', message: '[fallback] a failed (rate_limit); switching to b' },
      { kind: 'turn', profile: 'b', fallback: true },
      { kind: 'provider-error', message: '[provider-error] auth 401 Check the key.' },
      { kind: 'status', status: 'failed', errorKind: 'auth', message: 'Incorrect API key' },
    ]);
    expect(state.status).toBe('failed');
    expect(state.lastSeq).toBe(10);
    expect(state.gaps).toBe(1);
  });

  it('keeps model output as data: markup stays a string in the text block', () => {
    seq = 0;
    const hostile = 'Simulated answer to: "<script>alert(1)</script><img src=x onerror=alert(2)>".';
    const state = replayTranscript([ev('text-delta', { text: hostile.slice(0, 20) }), ev('text-delta', { text: hostile.slice(20) })]);
    expect(state.blocks).toEqual([{ kind: 'text', key: '0', text: hostile }]);
  });
});
