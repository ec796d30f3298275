import { describe, expect, it } from 'vitest';
import { noticeText, providerErrorText } from '@/lib/run-events/event-text';
import { blockSentence } from './transcript-block-text';
import { thinkingOpening } from './testing/thinking-opening';
import {
  initialTranscript,
  replayTranscript,
  transcriptReducer,
  transcriptText,
  type TranscriptBlock,
  type TranscriptEvent,
} from './transcript-reducer';

let seq = 0;
const ev = (type: string, payload: Record<string, unknown>): TranscriptEvent => ({ seq: seq++, type, payload });

function toolTurnRun(): TranscriptEvent[] {
  seq = 0;
  return [
    ...thinkingOpening(ev, 344),
    ev('reasoning', { text: null, encryptedBytes: 120, signatureBytes: 0, redacted: true }),
    ev('text-delta', { text: "I'll use " }),
    ev('text-delta', { text: 'the tools.' }),
    ev('tool-call', { id: 'call_1', name: 'read_file', arguments: { path: 'README.md' } }),
    ev('tool-call', { id: 'call_2', name: 'write_file', rawArguments: '{"path": ', invalid: 'Unexpected end of JSON input' }),
    ev('usage', { usage: { inputTokens: 10, outputTokens: 5 } }),
    ev('finish', { finishReason: 'tool_calls' }),
    ev('tool-result', { id: 'call_1', name: 'read_file', ok: true, result: { ok: true, content: '# hi' } }),
    ev('tool-result', {
      id: 'call_2',
      name: 'write_file',
      ok: false,
      result: {
        ok: false,
        errors: [
          { path: [], message: 'Unexpected end of JSON input' },
          { path: ['path'], message: 'Required' },
        ],
      },
    }),
    ev('turn-start', { index: 1, turnId: 't1', profile: 'simulator-anthropic', model: 'sim-claude', fallback: false }),
    ev('attempt', { attempt: 1, streamed: true }),
    ev('notice', { notice: 'retrying', kind: 'rate_limit', status: 429, attempt: 1, nextAttempt: 2, delayMs: 1000, retryAfterMs: null }),
    ev('attempt', { attempt: 2, streamed: true }),
    ev('notice', {
      notice: 'streaming-disabled',
      reason: 'Your organization must be verified to stream this model.',
      status: 400,
      requestId: null,
    }),
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
    expect(state.blocks[6]).toMatchObject({
      kind: 'tool',
      name: 'read_file',
      arguments: { path: 'README.md' },
      outcome: { ok: true, errors: [], replayed: false },
    });
    expect(state.blocks[7]).toMatchObject({
      kind: 'tool',
      name: 'write_file',
      invalid: 'Unexpected end of JSON input',
      rawArguments: '{"path": ',
      outcome: {
        ok: false,
        errors: [
          { path: '(arguments)', message: 'Unexpected end of JSON input' },
          { path: 'path', message: 'Required' },
        ],
      },
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
    // Blocks carry the events' data; the sentences an older log stored are not kept (event-text.ts makes them).
    expect(state.blocks).toEqual([
      { kind: 'turn', key: '0', index: 0, turnId: 't0', profile: 'a', model: 'm', fallback: false },
      { kind: 'provider-error', key: '1', payload: { kind: 'rate_limit', status: 429, hint: 'Slow down.' } },
      { kind: 'fallback', key: '2', payload: { from: 'a', to: 'b', kind: 'rate_limit' } },
      { kind: 'turn', key: '3', index: 0, turnId: 't0', profile: 'b', model: 'm2', fallback: true },
      { kind: 'provider-error', key: '4', payload: { kind: 'auth', status: 401, hint: 'Check the key.' } },
      { kind: 'status', key: '9', payload: { status: 'failed', errorKind: 'auth', message: 'Incorrect API key' } },
      { kind: 'unreadable', key: '10', type: 'brand-new-type', payload: {}, problem: 'unknown event type "brand-new-type"' },
    ]);
    expect(state.status).toBe('failed');
    expect(state.lastSeq).toBe(10);
    expect(state.gaps).toBe(1);
    expect(state.unreadable).toBe(1);
  });

  it('shows an event that does not read as it is, counts it, and goes on with the next ones', () => {
    seq = 0;
    const state = replayTranscript([
      ev('text-delta', { text: 'Hello' }),
      ev('tool-result', { id: 'c1', ok: 'yes' }),
      ev('status', { status: 'exploded' }),
      ev('text-delta', { text: ' world' }),
    ]);
    expect(state.unreadable).toBe(2);
    expect(state.status).toBeNull();
    expect(state.blocks).toEqual([
      { kind: 'text', key: '0', text: 'Hello', streaming: true, cut: null },
      {
        kind: 'unreadable',
        key: '1',
        type: 'tool-result',
        payload: { id: 'c1', ok: 'yes' },
        problem: expect.stringMatching(/^tool-result name: /),
      },
      { kind: 'unreadable', key: '2', type: 'status', payload: { status: 'exploded' }, problem: expect.stringMatching(/^status status: /) },
      { kind: 'text', key: '3', text: ' world', streaming: true, cut: null },
    ]);
  });

  it('keeps model output as data: markup stays a string in the text block', () => {
    seq = 0;
    const hostile = 'Simulated answer to: "<script>alert(1)</script><img src=x onerror=alert(2)>".';
    const state = replayTranscript([ev('text-delta', { text: hostile.slice(0, 20) }), ev('text-delta', { text: hostile.slice(20) })]);
    expect(state.blocks).toEqual([{ kind: 'text', key: '0', text: hostile, streaming: true, cut: null }]);
  });
});

describe('streaming blocks end with their call', () => {
  it('a stream cut after output began: text and reasoning end cut, and the error says the stream was cut after HTTP 200', () => {
    seq = 0;
    const events = [
      ev('status', { status: 'running', workerId: 'w1', resumed: false }),
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('attempt', { attempt: 1, streamed: true }),
      ev('reasoning-delta', { text: 'Thinking about' }),
      ev('text-delta', { text: 'The answer is' }),
    ];
    const live = replayTranscript(events);
    expect(live.blocks.find((block) => block.kind === 'reasoning')).toMatchObject({ streaming: true, cut: null });
    expect(live.blocks.at(-1)).toMatchObject({ kind: 'text', streaming: true, cut: null });

    const failed = replayTranscript(
      [
        ev('error', {
          message: '[provider-error] network 200 Check the connection.',
          kind: 'network',
          status: 200,
          hint: 'Check the connection.',
        }),
        ev('status', { status: 'failed', errorKind: 'network', message: 'terminated' }),
      ],
      live,
    );
    expect(failed.blocks.find((block) => block.kind === 'reasoning')).toMatchObject({ streaming: false, cut: 'failed', complete: false });
    expect(failed.blocks.find((block) => block.kind === 'text')).toMatchObject({ text: 'The answer is', streaming: false, cut: 'failed' });
    const error = failed.blocks.find((block) => block.kind === 'provider-error');
    expect(error).toMatchObject({ payload: { kind: 'network', status: 200 } });
    expect(providerErrorText((error as Extract<TranscriptBlock, { kind: 'provider-error' }>).payload)).toBe(
      '[provider-error] network — stream cut after HTTP 200 Check the connection.',
    );
    // Nothing is left streaming once the run ended.
    expect(failed.blocks.filter((block) => 'streaming' in block && block.streaming)).toEqual([]);
  });

  it('a finished call ends its blocks without marking them cut; a later delta opens a new block', () => {
    seq = 0;
    const state = replayTranscript([
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('reasoning-delta', { text: 'Hmm' }),
      ev('text-delta', { text: 'Done.' }),
      ev('finish', { finishReason: 'stop' }),
      ev('text-delta', { text: 'More.' }),
    ]);
    expect(state.blocks.filter((block) => block.kind === 'reasoning' || block.kind === 'text')).toMatchObject([
      { kind: 'reasoning', streaming: false, cut: null },
      { kind: 'text', text: 'Done.', streaming: false, cut: null },
      { kind: 'text', text: 'More.', streaming: true },
    ]);
  });

  it('a tool call says it is receiving arguments, then running, then its result; one the run ended before is not run', () => {
    seq = 0;
    const start = [
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('tool-call-start', { index: 0, id: 'call_1', name: 'read_file' }),
      ev('tool-call-start', { index: 1, id: null, name: null }),
    ];
    const receiving = replayTranscript(start);
    expect(receiving.blocks.filter((block) => block.kind === 'tool')).toMatchObject([
      { id: 'call_1', name: 'read_file', phase: 'arguments', arguments: null },
      { id: '', phase: 'arguments' },
    ]);
    const complete = replayTranscript(
      [
        ev('tool-call', { id: 'call_1', name: 'read_file', arguments: { path: 'a' } }),
        // The wire format named the second call only once it was complete: it lands in the card that had no id.
        ev('tool-call', { id: 'call_2', name: 'list_files', arguments: {} }),
        ev('finish', { finishReason: 'tool_calls' }),
      ],
      receiving,
    );
    expect(complete.blocks.filter((block) => block.kind === 'tool')).toMatchObject([
      { id: 'call_1', phase: 'running', arguments: { path: 'a' } },
      { id: 'call_2', name: 'list_files', phase: 'running' },
    ]);
    const ended = replayTranscript(
      [
        ev('tool-result', { id: 'call_1', name: 'read_file', ok: true, result: { ok: true } }),
        ev('notice', { notice: 'cancelled', message: 'Cancelled by the user.' }),
        ev('status', { status: 'cancelled' }),
      ],
      complete,
    );
    expect(ended.blocks.filter((block) => block.kind === 'tool')).toMatchObject([
      { id: 'call_1', phase: 'done', outcome: { ok: true } },
      { id: 'call_2', phase: 'not-run', outcome: null },
    ]);
    // A log without tool-call-start events (recorded before them) still shows its calls running until their result.
    seq = 0;
    expect(replayTranscript([ev('tool-call', { id: 'x', name: 'read_file', arguments: {} })]).blocks).toMatchObject([
      { kind: 'tool', phase: 'running' },
    ]);
  });

  it('marks the results a replay served from its recording, and only those', () => {
    seq = 0;
    const state = replayTranscript([
      ev('notice', { notice: 'replaying', parentRunId: 'p', recordedCalls: 1, onDivergence: 'continue' }),
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('tool-call', { id: 'call_1', name: 'write_file', arguments: { path: 'a', content: 'x' } }),
      ev('tool-call', { id: 'call_2', name: 'read_file', arguments: { path: 'a' } }),
      ev('finish', { finishReason: 'tool_calls' }),
      ev('tool-result', { id: 'call_1', name: 'write_file', ok: true, result: { ok: true }, replayed: true }),
      ev('tool-result', { id: 'call_2', name: 'read_file', ok: true, result: { ok: true, content: 'x' } }),
    ]);
    expect(state.blocks[0]).toMatchObject({ kind: 'notice', payload: { notice: 'replaying', recordedCalls: 1 } });
    expect(state.blocks.filter((block) => block.kind === 'tool')).toMatchObject([
      { id: 'call_1', phase: 'done', outcome: { ok: true, replayed: true } },
      { id: 'call_2', phase: 'done', outcome: { ok: true, replayed: false } },
    ]);
  });

  it('output a worker died in ends stopped, not failed', () => {
    seq = 0;
    const state = replayTranscript([
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('text-delta', { text: 'Half' }),
      ev('status', { status: 'interrupted', message: 'The worker running this run stopped (no heartbeat).' }),
    ]);
    expect(state.blocks.find((block) => block.kind === 'text')).toMatchObject({ cut: 'stopped', streaming: false });
  });

  it('a user cancel is a neutral notice, not a provider error (also in logs that recorded it as an error)', () => {
    seq = 0;
    const state = replayTranscript([
      ev('turn-start', { index: 1, turnId: 't1', profile: 'p', model: 'm', fallback: false }),
      ev('text-delta', { text: 'Partial' }),
      ev('error', {
        message: '[provider-error] cancelled - The call was cancelled.',
        kind: 'cancelled',
        status: null,
        hint: 'The call was cancelled.',
      }),
      ev('status', { status: 'cancelled' }),
    ]);
    expect(state.blocks.some((block) => block.kind === 'provider-error')).toBe(false);
    const notice = state.blocks.find((block) => block.kind === 'notice');
    expect(notice).toMatchObject({ payload: { notice: 'cancelled' } });
    expect(noticeText((notice as Extract<TranscriptBlock, { kind: 'notice' }>).payload)).toMatch(/^\[cancelled\] Cancelled by the user/);
    expect(state.blocks.find((block) => block.kind === 'text')).toMatchObject({ cut: 'cancelled', streaming: false });
  });

  it('a call the user cancelled ends cancelled, not "finish: error"; a tool call still receiving its arguments is not run', () => {
    seq = 0;
    // As the worker logs a cancel: the runtime's error became a `cancelled` notice, then the call's finish.
    const state = replayTranscript([
      ev('turn-start', { index: 1, turnId: 't1', profile: 'p', model: 'm', fallback: false }),
      ev('attempt', { attempt: 1, streamed: true }),
      ev('tool-call-start', { index: 0, id: 'call_1', name: 'read_file' }),
      ev('notice', { notice: 'cancelled' }),
      ev('finish', { finishReason: 'error' }),
      ev('status', { status: 'cancelled' }),
    ]);
    expect(state.blocks.filter((block) => block.kind === 'tool')).toMatchObject([{ id: 'call_1', phase: 'not-run' }]);
    const finish = state.blocks.find((block) => block.kind === 'finish') as Extract<TranscriptBlock, { kind: 'finish' }>;
    expect(finish.finishReason).toBe('cancelled');
    expect(blockSentence(finish)).toBe('finish: cancelled');
    // Older logs recorded the cancel as an error event: the same.
    seq = 0;
    const older = replayTranscript([
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('error', { kind: 'cancelled', status: null, hint: 'The call was cancelled.' }),
      ev('finish', { finishReason: 'error' }),
    ]);
    expect(older.blocks.find((block) => block.kind === 'finish')).toMatchObject({ finishReason: 'cancelled' });
    // A call that failed, and a later attempt after a cancel notice of an earlier one, still finish as they said.
    seq = 0;
    const failed = replayTranscript([
      ev('turn-start', { index: 0, turnId: 't0', profile: 'p', model: 'm', fallback: false }),
      ev('notice', { notice: 'cancelled' }),
      ev('turn-start', { index: 1, turnId: 't1', profile: 'p', model: 'm', fallback: false }),
      ev('error', { kind: 'rate_limit', status: 429, hint: 'Slow down.' }),
      ev('finish', { finishReason: 'error' }),
    ]);
    expect(failed.blocks.find((block) => block.kind === 'finish')).toMatchObject({ finishReason: 'error' });
  });
});
