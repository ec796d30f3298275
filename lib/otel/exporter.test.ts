// The exporter against a local OTLP/HTTP receiver that decodes the protobuf request: what is sent
// is what the span mapping built, byte for byte through the official serializer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otelConfigFromEnv } from './config';
import { sendSpans, shutdownExporters } from './exporter';
import { runSpans, type RunTraceRows } from './run-spans';
import { startOtlpReceiver, type OtlpReceiver } from './testing/otlp-receiver';

const nanos = ([seconds, nanoseconds]: HrTime) => BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds);
const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, 0) + ms);
const rows: RunTraceRows = {
  run: {
    id: '0199f5a2-7c3e-7a10-8d2b-000000000001',
    status: 'failed',
    profileName: 'sim',
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    profile: { name: 'sim', temperature: 0.5, maxOutputTokens: 1024 },
    options: {},
    resumeCount: 0,
    errorKind: 'overloaded',
    createdAt: at(0),
    startedAt: at(1),
    finishedAt: at(900),
  },
  turns: [{ id: 't0', index: 0, status: 'failed', finishReason: 'error', startedAt: at(2), finishedAt: at(899) }],
  providerCalls: [
    {
      id: 'c0',
      turnId: 't0',
      attempt: 1,
      runtime: 'anthropic-messages',
      provider: 'anthropic',
      profileName: 'sim',
      modelRequested: 'claude-sonnet-4-5',
      modelServed: null,
      streamRequested: true,
      streamActual: true,
      fallbackReason: null,
      status: 'error',
      errorKind: 'overloaded',
      httpStatus: 529,
      requestId: 'req_011',
      responseId: null,
      finishReason: 'error',
      waitBeforeMs: 0,
      retryAfterMs: null,
      startedAt: at(3),
      endedAt: at(898),
      ttftMs: null,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      costUsd: null,
    },
  ],
  toolCalls: [],
  messages: [],
};

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await shutdownExporters();
  await receiver?.close();
});

describe('sendSpans', () => {
  it('delivers the spans as OTLP/HTTP protobuf with the configured headers and resource', async () => {
    const config = otelConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=tok-123',
      OTEL_SERVICE_NAME: 'switchboard-exporter-test',
    });
    if (!config.enabled) throw new Error('expected an enabled config');
    const spans: ReadableSpan[] = runSpans(rows, {
      resource: resourceFromAttributes({ 'service.name': config.serviceName }),
      captureContent: false,
      env: {},
    });
    expect(await sendSpans(config, spans)).toEqual({ ok: true });

    const request = receiver.requests.at(-1)!;
    expect(request.path).toBe('/v1/traces');
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    expect(request.headers['x-collector-token']).toBe('tok-123');
    expect(request.resourceSpans[0]!.resource['service.name']).toBe('switchboard-exporter-test');
    expect(request.resourceSpans[0]!.scopes[0]!.name).toBe('switchboard');
    const received = request.resourceSpans[0]!.scopes[0]!.spans;
    expect(received.map((span) => [span.name, span.spanId, span.parentSpanId, span.startTimeUnixNano, span.endTimeUnixNano])).toEqual(
      spans.map((span) => [
        span.name,
        span.spanContext().spanId,
        span.parentSpanContext?.spanId ?? '',
        nanos(span.startTime),
        nanos(span.endTime),
      ]),
    );
    const chat = received.find((span) => span.name === 'chat claude-sonnet-4-5')!;
    expect(chat.kind).toBe(3);
    expect(chat.status).toEqual({ code: 2, message: 'overloaded' });
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.stream': true,
      'error.type': 'overloaded',
      'http.response.status_code': 529,
      'switchboard.request_id': 'req_011',
    });
  });

  it('reports an unreachable endpoint as a failure within the timeout instead of throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '300' });
    if (!config.enabled) throw new Error('expected an enabled config');
    const started = Date.now();
    const result = await sendSpans(config, runSpans(rows, { resource: resourceFromAttributes({}), captureContent: false, env: {} }));
    expect(result.ok).toBe(false);
    // The refused connection is retried until the 300 ms timeout (1.3 s at the latest with the guard);
    // one that ignored it would retry for the exporter's default 10 s.
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});
