import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { createLogger, type Logger } from '@/lib/server/logger';
import type { Database } from '@/lib/store/database';
import { otelConfigFromEnv, type OtelConfig } from './config';
import { sendSpans } from './exporter';
import { loadRunTraceRows } from './load-run-trace';
import { runSpans } from './run-spans';

type Env = Record<string, string | undefined>;

export type ExportRunTraceOptions = { env?: Env; logger?: Logger };

export type ExportRunTraceResult =
  | { status: 'disabled'; reason: string }
  | { status: 'not-found' }
  | { status: 'exported'; spans: number }
  | { status: 'failed'; error: string };

function resourceOf(config: Extract<OtelConfig, { enabled: true }>): Resource {
  return defaultResource().merge(resourceFromAttributes({ ...config.resourceAttributes, 'service.name': config.serviceName }));
}

/**
 * Exports a finished run (succeeded, failed, cancelled or interrupted) as an OTLP trace when
 * OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set. Never throws: a failure
 * is logged and reported in the result.
 */
export async function exportRunTrace(db: Database, runId: string, options: ExportRunTraceOptions = {}): Promise<ExportRunTraceResult> {
  const env = options.env ?? process.env;
  const config = otelConfigFromEnv(env);
  if (!config.enabled) return { status: 'disabled', reason: config.reason };
  const log = (options.logger ?? createLogger()).child({ runId });
  try {
    const rows = await loadRunTraceRows(db, runId, config.captureContent);
    if (!rows) return { status: 'not-found' };
    const spans = runSpans(rows, { resource: resourceOf(config), captureContent: config.captureContent, env });
    const sent = await sendSpans(config, spans);
    if (!sent.ok) {
      log.warn({ endpoint: config.url, err: sent.error }, 'trace export failed');
      return { status: 'failed', error: sent.error };
    }
    log.debug({ endpoint: config.url, spans: spans.length }, 'trace exported');
    return { status: 'exported', spans: spans.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ endpoint: config.url, err: message }, 'trace export failed');
    return { status: 'failed', error: message };
  }
}

const inFlight = new Set<Promise<ExportRunTraceResult>>();

/**
 * Starts exporting these runs' traces without waiting for it (a run is never slowed by its export);
 * returns the ids, to sit in a promise chain. `flushRunTraceExports` waits for what is in flight.
 */
export function exportRunTracesInBackground(db: Database, runIds: string[], options: ExportRunTraceOptions = {}): string[] {
  if (!runIds.length || !otelConfigFromEnv(options.env ?? process.env).enabled) return runIds;
  for (const runId of runIds) {
    const pending = exportRunTrace(db, runId, options).finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  }
  return runIds;
}

/** Waits for the exports in flight (each is bounded by the exporter's timeout). */
export async function flushRunTraceExports(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}
