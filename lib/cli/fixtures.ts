// Test data shared by the CLI formatting tests: a two-turn tool-using run and its recorded calls.
import type { ProviderCallView, RunDetail } from '@/lib/runs/run-detail';
import { thinkingOpening, type MakeEvent } from '@/lib/runs/testing/thinking-opening';
import type { TranscriptEvent } from '@/lib/runs/transcript-reducer';

export const RUN_ID = '01a21715-5106-77a7-b88a-9f4c86593c23';

export function events(): TranscriptEvent[] {
  let seq = 0;
  const ev: MakeEvent = (type, payload) => ({ seq: seq++, type, payload });
  return [
    ...thinkingOpening(ev, 296),
    ev('text-delta', { text: "I'll use the list_files tool." }),
    ev('tool-call', { id: 'call_1', name: 'list_files', arguments: { path: '.' } }),
    ev('usage', { usage: { inputTokens: 237, outputTokens: 51, cacheReadTokens: 0, cacheWriteTokens: 206, reasoningTokens: 0 } }),
    ev('finish', { finishReason: 'tool_calls' }),
    ev('tool-result', { id: 'call_1', name: 'list_files', ok: true, result: { ok: true, entries: [] } }),
    ev('turn-start', { index: 1, turnId: 't1', profile: 'simulator-anthropic', model: 'sim-claude', fallback: false }),
    ev('attempt', { attempt: 1, streamed: true }),
    ev('notice', {
      notice: 'streaming-disabled',
      reason: 'Your organization must be verified to stream this model.',
      status: 400,
      requestId: 'req_1',
    }),
    ev('attempt', { attempt: 2, streamed: false }),
    ev('text-delta', { text: 'The folder ' }),
    ev('text-delta', { text: 'is empty.' }),
    ev('finish', { finishReason: 'stop' }),
    ev('status', { status: 'succeeded' }),
  ];
}

export const call = (overrides: Partial<ProviderCallView>): ProviderCallView => ({
  turnIndex: 0,
  attempt: 1,
  profileName: 'simulator-anthropic',
  provider: 'simulator',
  runtime: 'anthropic-messages',
  modelRequested: 'sim-claude',
  modelServed: 'sim-claude',
  streamRequested: true,
  streamActual: true,
  streamStarted: true,
  fallbackReason: null,
  status: 'ok',
  errorKind: null,
  httpStatus: 200,
  requestId: 'req_0',
  finishReason: 'tool_calls',
  waitBeforeMs: 0,
  retryAfterMs: null,
  startedAt: '2030-01-01T00:00:00.000Z',
  latencyMs: 120,
  ttftMs: 36,
  inputTokens: 237,
  outputTokens: 51,
  cacheReadTokens: 0,
  cacheWriteTokens: 206,
  reasoningTokens: null,
  costUsd: 0.0016,
  providerCostUsd: null,
  cause: null,
  causeKind: null,
  chainState: null,
  ...overrides,
});

export function detail(overrides: Partial<RunDetail['run']> = {}, artifacts: RunDetail['errorArtifacts'] = []): RunDetail {
  return {
    run: {
      id: RUN_ID,
      status: 'succeeded',
      task: 'Smoke test: call list_files once.',
      profileName: 'simulator-anthropic',
      provider: 'simulator',
      runtime: 'anthropic-messages',
      model: 'sim-claude',
      turnCount: 2,
      inputTokens: 678,
      outputTokens: 97,
      costUsd: 0.0031,
      providerCostUsd: null,
      errorCount: 0,
      errorKind: null,
      errorMessage: null,
      resumeCount: 0,
      createdAt: '2030-01-01T00:00:00.000Z',
      startedAt: '2030-01-01T00:00:00.100Z',
      finishedAt: '2030-01-01T00:00:01.300Z',
      cancelRequestedAt: null,
      importedFromId: null,
      importedAt: null,
      lineage: null,
      descendants: [],
      comparisons: [],
      replayDivergence: null,
      ...overrides,
    },
    turns: [
      {
        index: 0,
        status: 'succeeded',
        finishReason: 'tool_calls',
        startedAt: '2030-01-01T00:00:00.100Z',
        finishedAt: null,
        calls: [call({})],
      },
      {
        index: 1,
        status: 'succeeded',
        finishReason: 'stop',
        startedAt: '2030-01-01T00:00:00.500Z',
        finishedAt: null,
        calls: [
          call({
            turnIndex: 1,
            attempt: 1,
            status: 'error',
            errorKind: 'stream_unsupported',
            httpStatus: 400,
            requestId: 'req_1',
            inputTokens: 0,
            outputTokens: 0,
            cacheWriteTokens: 0,
            costUsd: null,
          }),
          call({
            turnIndex: 1,
            attempt: 2,
            streamActual: false,
            streamStarted: false,
            cause: 'stream-fallback',
            causeKind: 'stream_unsupported',
            fallbackReason: 'HTTP 400: Your organization must be verified to stream this model.',
            requestId: 'req_2',
            ttftMs: null,
            inputTokens: 441,
            outputTokens: 46,
            cacheReadTokens: 206,
            cacheWriteTokens: 0,
            costUsd: 0.0015,
          }),
        ],
      },
    ],
    errorArtifacts: artifacts,
  };
}

/**
 * Terminal control sequences a run from elsewhere (an imported bundle, a provider's answer) could
 * carry: a clipboard write (OSC 52), clear screen, a window title, a forged OSC 8 hyperlink, a C1
 * CSI, a carriage return that overwrites the line, DEL and a bidi override.
 */
export const HOSTILE =
  '\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J\u001b]0;title\u0007\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007\u009b2J\r\u007f\u202e';

/** What must never reach the terminal from run content: C0 but \n and \t, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** events() of a run that failed, with HOSTILE in every piece of run content an event carries. */
export function hostileEvents(): TranscriptEvent[] {
  const list = events().slice(0, -1);
  const tamper = (type: string, change: (payload: Record<string, unknown>) => Record<string, unknown>) => {
    for (const event of list) if (event.type === type) event.payload = change(event.payload as Record<string, unknown>);
  };
  tamper('turn-start', (payload) => ({ ...payload, profile: `p${HOSTILE}`, model: `m${HOSTILE}` }));
  tamper('reasoning-delta', (payload) => ({ ...payload, text: `${payload.text}${HOSTILE}` }));
  tamper('reasoning', (payload) => ({ ...payload, text: `Let me think.${HOSTILE}` }));
  tamper('text-delta', (payload) => ({ ...payload, text: `${payload.text}${HOSTILE}\n` }));
  tamper('tool-call', (payload) => ({ ...payload, name: `list_files${HOSTILE}`, arguments: { [`path${HOSTILE}`]: `.${HOSTILE}` } }));
  tamper('tool-result', (payload) => ({ ...payload, name: `list_files${HOSTILE}`, result: { ok: true, entries: [`evil${HOSTILE}.txt`] } }));
  tamper('notice', (payload) => ({ ...payload, reason: HOSTILE }));
  return [
    ...list,
    { seq: list.length, type: 'status', payload: { status: 'failed', errorKind: `internal${HOSTILE}`, message: `boom${HOSTILE}` } },
  ];
}

/** detail() of that failed run, with HOSTILE in its task, names, error, calls and error artifact. */
export function hostileDetail(): RunDetail {
  const artifact: RunDetail['errorArtifacts'][number] = {
    turnIndex: 1,
    kind: `server${HOSTILE}`,
    httpStatus: 500,
    file: `turn_2${HOSTILE}.json`,
    createdAt: '2030-01-01T00:00:01.000Z',
    payload: {
      kind: `server${HOSTILE}`,
      status: 500,
      hint: `Try again${HOSTILE}`,
      message: `Internal error${HOSTILE}`,
      requestId: `req${HOSTILE}`,
      profile: `p${HOSTILE}`,
      model: `m${HOSTILE}`,
      bodySnippet: `<html>${HOSTILE}</html>`,
      attempts: [
        {
          attempt: 1,
          streamed: true,
          status: `error${HOSTILE}`,
          httpStatus: 500,
          errorKind: `server${HOSTILE}`,
          waitBeforeMs: 0,
          durationMs: 12,
          requestId: `req${HOSTILE}`,
        },
      ],
    },
  };
  const base = detail(
    {
      status: 'failed',
      task: `Do it${HOSTILE}`,
      profileName: `p${HOSTILE}`,
      provider: `simulator${HOSTILE}`,
      model: `m${HOSTILE}`,
      errorKind: `internal${HOSTILE}`,
      errorMessage: `boom${HOSTILE}`,
      errorCount: 1,
    },
    [artifact],
  );
  const turns = base.turns.map((turn) => ({
    ...turn,
    calls: turn.calls.map((one) => ({
      ...one,
      profileName: `p${HOSTILE}`,
      modelServed: `m${HOSTILE}`,
      requestId: `req${HOSTILE}`,
      fallbackReason: one.fallbackReason && `${one.fallbackReason}${HOSTILE}`,
    })),
  }));
  return { ...base, turns };
}
