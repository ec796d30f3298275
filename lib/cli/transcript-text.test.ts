import { describe, expect, it } from 'vitest';
import { replayTranscript } from '@/lib/runs/transcript-reducer';
import { detail, events } from './fixtures';
import { formatTranscript } from './transcript-text';

describe('formatTranscript', () => {
  it('draws turns with their strips, reasoning as "encrypted, N bytes", tool calls with results and notices', () => {
    const transcript = replayTranscript(events());
    expect(formatTranscript(transcript.blocks, detail().turns)).toEqual([
      '▶ Started on worker w1',
      '── Turn 1 · simulator-anthropic · sim-claude ───────────────────────────',
      '   simulator · anthropic-messages · sim-claude · streamed · latency 120 ms · TTFT 36 ms · retries 0',
      '   tokens in 237 / out 51 / reasoning not reported · cache read 0 / write 206 · $0.0016 · request req_0',
      '   Reasoning · signature: encrypted, 296 bytes',
      '   │ Let me think.',
      "   I'll use the list_files tool.",
      '   → list_files {"path":"."}',
      '   ← list_files ok {"ok":true,"entries":[]}',
      '   finish: tool_calls',
      '── Turn 2 · simulator-anthropic · sim-claude ───────────────────────────',
      '   simulator · anthropic-messages · sim-claude · fallback (not streamed: HTTP 400: Your organization must be verified to stream this model.) · latency 120 ms · TTFT — · retries 1',
      '   tokens in 441 / out 46 / reasoning not reported · cache read 206 / write 0 · $0.0015 · request req_2',
      '   [streaming-disabled] Your organization must be verified to stream this model.',
      '   ↻ attempt 2 (not streamed)',
      '   The folder is empty.',
      '   finish: stop',
      '■ Run succeeded',
    ]);
  });

  it('says when a turn has no recorded call yet, and when there are no events', () => {
    const transcript = replayTranscript(events().slice(0, 4));
    expect(formatTranscript(transcript.blocks, [], undefined, true)).toContain('   Call in progress — metadata appears when it ends.');
    expect(formatTranscript([], [], undefined, true)).toEqual(['Waiting for the worker to start the run…']);
    expect(formatTranscript([], [])).toEqual(['This run recorded no events.']);
  });

  it('shows arguments that were not JSON and the validation errors of a refused call', () => {
    const transcript = replayTranscript([
      {
        seq: 0,
        type: 'tool-call',
        payload: { id: 'c', name: 'write_file', rawArguments: '{"path": ', invalid: 'Unexpected end of JSON input' },
      },
      {
        seq: 1,
        type: 'tool-result',
        payload: { id: 'c', name: 'write_file', ok: false, result: { ok: false, errors: [{ path: ['path'], message: 'Required' }] } },
      },
    ]);
    expect(formatTranscript(transcript.blocks, [])).toEqual([
      '   → write_file {"path":  (arguments not JSON: Unexpected end of JSON input)',
      '   ← write_file error {"ok":false,"errors":[{"path":["path"],"message":"Required"}]}',
      '       path: Required',
    ]);
  });

  it('marks output a failed call cut off, as the run page does', () => {
    const transcript = replayTranscript([
      { seq: 0, type: 'reasoning-delta', payload: { text: 'Thinking' } },
      { seq: 1, type: 'text-delta', payload: { text: 'Half an ans' } },
      {
        seq: 2,
        type: 'error',
        payload: { message: '[provider-error] network 200 The stream was cut.', kind: 'network', status: 200, hint: 'The stream was cut.' },
      },
    ]);
    const lines = formatTranscript(transcript.blocks, []);
    expect(lines).toContain('   Reasoning (cut off: the call failed before it finished)');
    expect(lines).toContain('   Half an ans');
    expect(lines.some((line) => line.includes('✂ Output cut off here: the call failed before it finished.'))).toBe(true);
    expect(lines.some((line) => line.includes('(streaming…)'))).toBe(false);
  });
});
