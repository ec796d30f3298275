import { parseKeyPairsIntoRecord } from '@opentelemetry/core';

type Env = Record<string, string | undefined>;

export type OtelConfig =
  | { enabled: false; reason: string }
  | {
      enabled: true;
      /** The OTLP/HTTP traces URL (…/v1/traces). */
      url: string;
      /** Sent with every export (collector auth). Never logged, never in spans. */
      headers: Record<string, string>;
      timeoutMillis: number;
      compression: 'gzip' | 'none';
      serviceName: string;
      resourceAttributes: Record<string, string>;
      /** Message text, tool arguments and results in spans (opt-in, redacted). */
      captureContent: boolean;
    };

const DEFAULT_TIMEOUT_MS = 10_000;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** `OTEL_EXPORTER_OTLP_ENDPOINT` is a base URL (the signal path is appended); the traces endpoint is used as is. */
function tracesUrl(env: Env): string | undefined {
  const specific = value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (specific) return specific;
  const base = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

function timeout(env: Env): number {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const parsed = Number(value(env, name));
    if (Number.isFinite(parsed) && parsed > 0) return parsed;
  }
  return DEFAULT_TIMEOUT_MS;
}

/**
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`: `true` (the GenAI instrumentations' switch),
 * or `SPAN_ONLY` / `SPAN_AND_EVENT` (opentelemetry-util-genai) turn capture on. We record content on
 * spans only, so `EVENT_ONLY`, `NO_CONTENT`, `false` and anything else leave it off.
 */
export function captureMessageContent(env: Env): boolean {
  const raw = value(env, 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT')?.toLowerCase();
  return raw === 'true' || raw === 'span_only' || raw === 'span_and_event';
}

/** The export configuration from the standard OpenTelemetry environment variables. */
export function otelConfigFromEnv(env: Env = process.env): OtelConfig {
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { enabled: false, reason: 'OTEL_SDK_DISABLED=true' };
  if (value(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none') return { enabled: false, reason: 'OTEL_TRACES_EXPORTER=none' };
  const url = tracesUrl(env);
  if (!url) return { enabled: false, reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    return { enabled: false, reason: 'the OTLP endpoint is not an http(s) URL' };
  }
  const resourceAttributes = parseKeyPairsIntoRecord(value(env, 'OTEL_RESOURCE_ATTRIBUTES'));
  const compression =
    (value(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION') ?? value(env, 'OTEL_EXPORTER_OTLP_COMPRESSION')) === 'gzip' ? 'gzip' : 'none';
  return {
    enabled: true,
    url,
    headers: {
      ...parseKeyPairsIntoRecord(value(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseKeyPairsIntoRecord(value(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
    },
    timeoutMillis: timeout(env),
    compression,
    serviceName: value(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'switchboard',
    resourceAttributes,
    captureContent: captureMessageContent(env),
  };
}
