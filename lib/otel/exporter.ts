import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtelConfig } from './config';

type EnabledConfig = Extract<OtelConfig, { enabled: true }>;
type ExporterConfig = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;

export type SendResult = { ok: true } | { ok: false; error: string };

/** One exporter (and its keep-alive connection) per destination, for the life of the process. */
const exporters = new Map<string, OTLPTraceExporter>();

function exporterFor(config: EnabledConfig): OTLPTraceExporter {
  const key = JSON.stringify([config.url, config.headers, config.timeoutMillis, config.compression]);
  let exporter = exporters.get(key);
  if (!exporter) {
    exporter = new OTLPTraceExporter({
      url: config.url,
      headers: config.headers,
      timeoutMillis: config.timeoutMillis,
      compression: config.compression as ExporterConfig['compression'],
    });
    exporters.set(key, exporter);
  }
  return exporter;
}

/**
 * Sends spans as OTLP/HTTP protobuf. The exporter retries what is retryable (connection refused,
 * 429, 502–504, honouring Retry-After) within `timeoutMillis`; this resolves by then at the latest,
 * and never rejects.
 */
export function sendSpans(config: EnabledConfig, spans: ReadableSpan[]): Promise<SendResult> {
  return new Promise((resolve) => {
    const guard = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${config.timeoutMillis} ms` }),
      config.timeoutMillis + 1_000,
    );
    guard.unref();
    try {
      exporterFor(config).export(spans, (result) => {
        clearTimeout(guard);
        resolve(result.code === ExportResultCode.SUCCESS ? { ok: true } : { ok: false, error: result.error?.message ?? 'export failed' });
      });
    } catch (error) {
      clearTimeout(guard);
      resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

export async function shutdownExporters(): Promise<void> {
  const all = [...exporters.values()];
  exporters.clear();
  await Promise.allSettled(all.map((exporter) => exporter.shutdown()));
}
