import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { REDACTION_MASK } from '@/lib/redaction/redact';
import { runSpans, spanIdOf, traceIdOf, type RunTraceRows } from './run-spans';

const RUN_ID = '0199f5a2-7c3e-7a10-8d2b-3f4e5a6b7c8d';
const TASK = 'Save the launch codename PELICAN-ORCHID to notes.txt';
const ANSWER = 'Tool write_file returned: saved notes.txt.';
const PLANTED = 'sk-test-planted-otel-000000000000000000';
const ENCRYPTED = 'gAAAAABopaqueENCRYPTEDreasoningBLOB';
const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, 0) + ms);
const resource = resourceFromAttributes({ 'service.name': 'switchboard-test' });

function rows(overrides: Partial<RunTraceRows['run']> = {}): RunTraceRows {
  const call = {
    runtime: 'openai-chat',
    provider: 'simulator',
    profileName: 'sim-test',
    modelRequested: 'sim-gpt',
    streamRequested: true,
    fallbackReason: null,
    requestId: 'req_1',
    waitBeforeMs: 0,
    retryAfterMs: null,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
  };
  return {
    run: {
      id: RUN_ID,
      status: 'succeeded',
      profileName: 'sim-test',
      provider: 'simulator',
      runtime: 'openai-chat',
      model: 'sim-gpt',
      profile: {
        name: 'sim-test',
        provider: 'simulator',
        model: 'sim-gpt',
        temperature: 0.3,
        maxOutputTokens: 512,
        apiKeyEnv: 'OPENAI_API_KEY',
      },
      options: { fallbackProfiles: [] },
      resumeCount: 0,
      errorKind: null,
      createdAt: at(-50),
      startedAt: at(0),
      finishedAt: at(1000),
      ...overrides,
    },
    turns: [
      { id: 'turn-0', index: 0, status: 'succeeded', finishReason: 'tool_calls', startedAt: at(10), finishedAt: at(600) },
      { id: 'turn-1', index: 1, status: 'succeeded', finishReason: 'stop', startedAt: at(610), finishedAt: at(990) },
    ],
    providerCalls: [
      {
        ...call,
        id: 'call-0a',
        turnId: 'turn-0',
        attempt: 1,
        modelServed: null,
        streamActual: true,
        status: 'error',
        errorKind: 'rate_limit',
        httpStatus: 429,
        responseId: null,
        finishReason: 'error',
        retryAfterMs: 200,
        startedAt: at(20),
        endedAt: at(40),
        ttftMs: null,
        inputTokens: 0,
        outputTokens: 0,
      },
      {
        ...call,
        id: 'call-0b',
        turnId: 'turn-0',
        attempt: 2,
        modelServed: 'sim-gpt-2026-01-01',
        streamActual: true,
        status: 'ok',
        errorKind: null,
        httpStatus: 200,
        responseId: 'chatcmpl-1',
        finishReason: 'tool_calls',
        waitBeforeMs: 200,
        startedAt: at(240),
        endedAt: at(500),
        ttftMs: 120,
        inputTokens: 100,
        cacheReadTokens: 64,
        cacheWriteTokens: 8,
        outputTokens: 20,
        reasoningTokens: 5,
        costUsd: 0.0012,
      },
      {
        ...call,
        id: 'call-1',
        turnId: 'turn-1',
        attempt: 1,
        modelServed: 'sim-gpt-2026-01-01',
        streamActual: false,
        fallbackReason: 'stream_unsupported',
        status: 'ok',
        errorKind: null,
        httpStatus: 200,
        responseId: 'chatcmpl-2',
        finishReason: 'stop',
        startedAt: at(620),
        endedAt: at(980),
        ttftMs: null,
        inputTokens: 140,
        outputTokens: 12,
        costUsd: 0.0008,
      },
    ],
    toolCalls: [
      {
        id: 'tool-0',
        turnId: 'turn-0',
        providerCallId: 'call_abc',
        name: 'write_file',
        rawArguments: '{"path":"notes.txt","content":"PELICAN-ORCHID"}',
        arguments: { path: 'notes.txt', content: 'PELICAN-ORCHID' },
        result: { ok: true, result: { path: 'notes.txt', bytes: 14 }, duration_ms: 3 },
        isError: false,
        startedAt: at(510),
        finishedAt: at(520),
      },
    ],
    messages: [
      { position: 0, role: 'system', turnId: null, content: { role: 'system', content: 'You are a careful agent.' }, createdAt: at(5) },
      {
        position: 1,
        role: 'user',
        turnId: null,
        content: { role: 'user', content: [{ type: 'text', text: `${TASK} with key ${PLANTED}` }] },
        createdAt: at(5),
      },
      {
        position: 2,
        role: 'assistant',
        turnId: 'turn-0',
        content: {
          role: 'assistant',
          content: [
            { type: 'reasoning', origin: { runtime: 'openai-responses', account: 'a' }, text: 'I should save it.', encrypted: ENCRYPTED },
            {
              type: 'tool-call',
              id: 'call_abc',
              name: 'write_file',
              arguments: { path: 'notes.txt', content: 'PELICAN-ORCHID' },
              rawArguments: '{}',
            },
          ],
        },
        createdAt: at(505),
      },
      {
        position: 3,
        role: 'tool',
        turnId: 'turn-0',
        content: { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_abc', toolName: 'write_file', output: { ok: true } }] },
        createdAt: at(525),
      },
      {
        position: 4,
        role: 'assistant',
        turnId: 'turn-1',
        content: { role: 'assistant', content: [{ type: 'text', text: ANSWER }] },
        createdAt: at(985),
      },
    ],
  };
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const ms = (span: ReadableSpan) => [hrTimeToMilliseconds(span.startTime), hrTimeToMilliseconds(span.endTime)];

describe('runSpans', () => {
  const off = runSpans(rows(), { resource, captureContent: false, env: {} });

  it('builds run → turns → provider-call attempts and tool calls, with the recorded timestamps', () => {
    expect(off.map((span) => span.name)).toEqual([
      'invoke_agent switchboard',
      'turn 1',
      'chat sim-gpt',
      'chat sim-gpt',
      'execute_tool write_file',
      'turn 2',
      'chat sim-gpt',
    ]);
    const [run, turn0, attempt1, attempt2, tool, turn1, call1] = off as [
      ReadableSpan,
      ReadableSpan,
      ReadableSpan,
      ReadableSpan,
      ReadableSpan,
      ReadableSpan,
      ReadableSpan,
    ];
    const traceId = RUN_ID.replace(/-/g, '');
    expect(off.every((span) => span.spanContext().traceId === traceId)).toBe(true);
    expect(traceIdOf(RUN_ID)).toBe(traceId);
    expect(run.parentSpanContext).toBeUndefined();
    expect(turn0.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(turn1.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    for (const child of [attempt1, attempt2, tool]) expect(child.parentSpanContext?.spanId).toBe(turn0.spanContext().spanId);
    expect(call1.parentSpanContext?.spanId).toBe(turn1.spanContext().spanId);
    expect(new Set(off.map((span) => span.spanContext().spanId)).size).toBe(off.length);
    expect(attempt2.spanContext().spanId).toBe(spanIdOf('call:call-0b'));

    const base = at(0).getTime();
    expect(ms(run)).toEqual([base, base + 1000]);
    expect(ms(turn0)).toEqual([base + 10, base + 600]);
    expect(ms(attempt1)).toEqual([base + 20, base + 40]);
    expect(ms(attempt2)).toEqual([base + 240, base + 500]);
    expect(ms(tool)).toEqual([base + 510, base + 520]);
    expect([run.kind, turn0.kind, attempt1.kind, tool.kind]).toEqual([
      SpanKind.INTERNAL,
      SpanKind.INTERNAL,
      SpanKind.CLIENT,
      SpanKind.INTERNAL,
    ]);
    expect(run.resource.attributes['service.name']).toBe('switchboard-test');
    expect(turn0.attributes).toEqual({
      'gen_ai.conversation.id': RUN_ID,
      'switchboard.run.id': RUN_ID,
      'switchboard.turn.index': 0,
      'switchboard.turn.status': 'succeeded',
      'switchboard.turn.finish_reason': 'tool_calls',
      'switchboard.retries': 1,
    });
  });

  it('gives the run span the agent attributes and totals', () => {
    expect(off[0]!.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'switchboard',
      'gen_ai.provider.name': 'switchboard.simulator',
      'gen_ai.request.model': 'sim-gpt',
      'gen_ai.conversation.id': RUN_ID,
      'gen_ai.usage.input_tokens': 240,
      'gen_ai.usage.output_tokens': 32,
      'switchboard.run.id': RUN_ID,
      'switchboard.run.status': 'succeeded',
      'switchboard.run.resume_count': 0,
      'switchboard.profile': 'sim-test',
      'switchboard.runtime': 'openai-chat',
      'switchboard.turns': 2,
      'switchboard.retries': 1,
      'switchboard.cost_usd': 0.002,
    });
    expect(off[0]!.status).toEqual({ code: SpanStatusCode.UNSET });
  });

  it('gives each attempt its GenAI attributes, usage, retry and streaming details', () => {
    const [, , attempt1, attempt2] = off;
    expect(attempt1!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate_limit' });
    expect(attempt1!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'switchboard.simulator',
      'error.type': 'rate_limit',
      'http.response.status_code': 429,
      'switchboard.attempt': 1,
      'switchboard.attempt.retry_after_ms': 200,
      'switchboard.attempt.wait_before_ms': 0,
    });
    expect(attempt1!.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(attempt2!.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(attempt2!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'switchboard.simulator',
      'gen_ai.conversation.id': RUN_ID,
      'gen_ai.request.model': 'sim-gpt',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.request.stream': true,
      'gen_ai.response.model': 'sim-gpt-2026-01-01',
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.response.time_to_first_chunk': 0.12,
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 64,
      'gen_ai.usage.cache_creation.input_tokens': 8,
      'gen_ai.usage.reasoning.output_tokens': 5,
      'http.response.status_code': 200,
      'switchboard.run.id': RUN_ID,
      'switchboard.turn.index': 0,
      'switchboard.profile': 'sim-test',
      'switchboard.profile.fallback': false,
      'switchboard.runtime': 'openai-chat',
      'switchboard.attempt': 2,
      'switchboard.attempt.wait_before_ms': 200,
      'switchboard.request_id': 'req_1',
      'switchboard.stream.actual': true,
      'switchboard.cost_usd': 0.0012,
    });
    expect(off[6]!.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'switchboard.stream.actual': false,
      'switchboard.stream.fallback_reason': 'stream_unsupported',
    });
    expect(off[6]!.attributes).not.toHaveProperty('gen_ai.response.time_to_first_chunk');
  });

  it('gives tool spans the tool attributes', () => {
    expect(off[4]!.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'write_file',
      'gen_ai.tool.call.id': 'call_abc',
      'gen_ai.tool.type': 'function',
      'gen_ai.conversation.id': RUN_ID,
      'switchboard.run.id': RUN_ID,
      'switchboard.turn.index': 0,
    });
  });

  it('carries no message text, tool arguments, results or secrets without content capture', () => {
    const serialized = JSON.stringify(off.map((span) => [span.name, span.attributes, span.status]));
    for (const secret of [
      'PELICAN',
      'careful agent',
      'Tool write_file returned',
      'I should save it',
      ENCRYPTED,
      PLANTED,
      'OPENAI_API_KEY',
    ]) {
      expect(serialized).not.toContain(secret);
    }
    expect(off.some((span) => 'gen_ai.input.messages' in span.attributes || 'gen_ai.tool.call.arguments' in span.attributes)).toBe(false);
  });

  it('captures content when asked, in the conventions’ message format, redacted, opaque reasoning as sizes only', () => {
    // A secret value of the environment is masked wherever it appears (here: the codename).
    const env = { OPENAI_API_KEY: 'PELICAN-ORCHID' };
    const on = runSpans(rows(), { resource, captureContent: true, env });
    const [, , attempt1, attempt2, tool, , call1] = on;
    const input1 = JSON.parse(attempt1!.attributes['gen_ai.input.messages'] as string);
    expect(input1).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a careful agent.' }] },
      {
        role: 'user',
        parts: [{ type: 'text', content: `Save the launch codename ${REDACTION_MASK} to notes.txt with key ${REDACTION_MASK}` }],
      },
    ]);
    expect(attempt1!.attributes).not.toHaveProperty('gen_ai.output.messages');
    expect(JSON.parse(attempt2!.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_calls',
        parts: [
          { type: 'reasoning', content: 'I should save it.', encrypted_bytes: ENCRYPTED.length },
          { type: 'tool_call', id: 'call_abc', name: 'write_file', arguments: { path: 'notes.txt', content: REDACTION_MASK } },
        ],
      },
    ]);
    const input2 = JSON.parse(call1!.attributes['gen_ai.input.messages'] as string);
    expect(input2.map((message: { role: string }) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(input2[3]).toEqual({ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_abc', response: { ok: true } }] });
    expect(JSON.parse(call1!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: ANSWER }] },
    ]);
    expect(JSON.parse(tool!.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({ path: 'notes.txt', content: REDACTION_MASK });
    expect(JSON.parse(tool!.attributes['gen_ai.tool.call.result'] as string)).toMatchObject({ ok: true });
    const serialized = JSON.stringify(on.map((span) => span.attributes));
    expect(serialized).not.toContain(PLANTED);
    expect(serialized).not.toContain('PELICAN');
    expect(serialized).not.toContain(ENCRYPTED);
  });

  it('marks failed, cancelled and interrupted runs and their turns as errors with their kind', () => {
    const failed = rows({ status: 'failed', errorKind: 'rate_limit' });
    failed.turns = [{ ...failed.turns[0]!, status: 'failed', finishReason: 'error' }];
    failed.providerCalls = failed.providerCalls.slice(0, 1);
    failed.toolCalls = [];
    const spans = runSpans(failed, { resource, captureContent: false, env: {} });
    expect(spans.map((span) => [span.name, span.status, span.attributes['error.type']])).toEqual([
      ['invoke_agent switchboard', { code: SpanStatusCode.ERROR, message: 'rate_limit' }, 'rate_limit'],
      ['turn 1', { code: SpanStatusCode.ERROR, message: 'rate_limit' }, 'rate_limit'],
      ['chat sim-gpt', { code: SpanStatusCode.ERROR, message: 'rate_limit' }, 'rate_limit'],
    ]);
    const cancelled = runSpans(rows({ status: 'cancelled' }), { resource, captureContent: false, env: {} });
    expect(cancelled[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    const interrupted = rows({ status: 'interrupted', errorKind: 'interrupted', finishedAt: null });
    interrupted.turns[1] = { ...interrupted.turns[1]!, status: 'failed', finishReason: 'interrupted', finishedAt: at(995) };
    const spans2 = runSpans(interrupted, { resource, captureContent: false, env: {} });
    expect(spans2[0]!.attributes['error.type']).toBe('interrupted');
    expect(hrTimeToMilliseconds(spans2[0]!.endTime)).toBe(at(995).getTime());
    expect(spans2.find((span) => span.name === 'turn 2')!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'interrupted' });
  });

  it('marks a turn the run ended in the middle of (an internal error) as failed with the run’s kind', () => {
    const input = rows({ status: 'failed', errorKind: 'internal' });
    input.turns[1] = { ...input.turns[1]!, status: 'running', finishReason: null, finishedAt: null };
    const turn = byName(runSpans(input, { resource, captureContent: false, env: {} }), 'turn 2')[0]!;
    expect(turn.status).toEqual({ code: SpanStatusCode.ERROR, message: 'internal' });
    expect(ms(turn)).toEqual([at(610).getTime(), at(980).getTime()]);
  });

  it('marks tool calls that failed with their error code', () => {
    const input = rows();
    input.toolCalls[0] = {
      ...input.toolCalls[0]!,
      isError: true,
      result: { ok: false, error: { code: 'path_outside_workspace', message: 'no' } },
    };
    const tool = byName(runSpans(input, { resource, captureContent: false, env: {} }), 'execute_tool write_file')[0]!;
    expect(tool.status).toEqual({ code: SpanStatusCode.ERROR, message: 'path_outside_workspace' });
    expect(tool.attributes['error.type']).toBe('path_outside_workspace');
  });

  it('exports a resumed run’s new turns under a new run span in the same trace', () => {
    const resumed = rows({ resumeCount: 1, startedAt: at(700) });
    resumed.turns[1] = { ...resumed.turns[1]!, startedAt: at(710) };
    const spans = runSpans(resumed, { resource, captureContent: false, env: {} });
    expect(spans.map((span) => span.name)).toEqual(['invoke_agent switchboard', 'turn 2', 'chat sim-gpt']);
    expect(spans[0]!.spanContext().spanId).not.toBe(off[0]!.spanContext().spanId);
    expect(spans[0]!.spanContext().traceId).toBe(off[0]!.spanContext().traceId);
    expect(spans[0]!.attributes['switchboard.run.resume_count']).toBe(1);
  });

  it('takes temperature and max tokens from the fallback profile that made the call', () => {
    const input = rows();
    input.run.options = { fallbackProfiles: [{ name: 'sim-fallback', temperature: 1.5, maxOutputTokens: 64 }] };
    input.providerCalls[2] = { ...input.providerCalls[2]!, profileName: 'sim-fallback' };
    const call = runSpans(input, { resource, captureContent: false, env: {} })[6]!;
    expect(call.attributes).toMatchObject({
      'gen_ai.request.temperature': 1.5,
      'gen_ai.request.max_tokens': 64,
      'switchboard.profile': 'sim-fallback',
      'switchboard.profile.fallback': true,
    });
  });
});
