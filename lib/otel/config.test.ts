import { describe, expect, it } from 'vitest';
import { captureMessageContent, otelConfigFromEnv } from './config';

describe('otelConfigFromEnv', () => {
  it('is off without an endpoint, or when the SDK or the traces exporter is turned off', () => {
    expect(otelConfigFromEnv({})).toMatchObject({ enabled: false });
    expect(otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toMatchObject({ enabled: false });
    expect(otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toMatchObject({
      enabled: false,
    });
    expect(otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toMatchObject({
      enabled: false,
    });
    expect(otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toMatchObject({ enabled: false });
  });

  it('appends /v1/traces to the base endpoint and takes the traces endpoint as is', () => {
    expect(otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      enabled: true,
      url: 'http://collector:4318/v1/traces',
    });
    expect(
      otelConfigFromEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example.com/custom/traces',
      }),
    ).toMatchObject({ enabled: true, url: 'https://otel.example.com/custom/traces' });
  });

  it('reads headers, timeout, compression and the resource', () => {
    const config = otelConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20abc,x-tenant=one',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=two',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.name=from-attributes',
      OTEL_SERVICE_NAME: 'switchboard-eu',
    });
    expect(config).toEqual({
      enabled: true,
      url: 'http://collector:4318/v1/traces',
      headers: { authorization: 'Basic abc', 'x-tenant': 'two' },
      timeoutMillis: 2500,
      compression: 'gzip',
      serviceName: 'switchboard-eu',
      resourceAttributes: { 'deployment.environment.name': 'staging', 'service.name': 'from-attributes' },
      captureContent: false,
    });
    expect(otelConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' })).toMatchObject({
      timeoutMillis: 10_000,
      serviceName: 'switchboard',
      compression: 'none',
    });
  });
});

describe('captureMessageContent', () => {
  it('is off unless asked for', () => {
    expect(captureMessageContent({})).toBe(false);
    for (const off of ['false', 'NO_CONTENT', 'EVENT_ONLY', 'yes please'])
      expect(captureMessageContent({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: off }), off).toBe(false);
    for (const on of ['true', 'TRUE', 'SPAN_ONLY', 'span_and_event'])
      expect(captureMessageContent({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: on }), on).toBe(true);
  });
});
