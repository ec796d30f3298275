// Webhook notifications: on fire and on resolve, one JSON POST per incident event, with a timeout
// and bounded retries with backoff; every attempt is one AlertDelivery row. The URL is a secret:
// rows, logs and errors only ever hold its masked form.
import 'server-only';
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '@/lib/store/database';
import { redactText } from '@/lib/redaction/redact';
import { describeCondition, describeScope, formatMetricValue, METRICS, type AlertComparison, type AlertMetric } from './metrics';
import { rateLimitBreakdowns } from './incident-evidence';
import { incidentRunsLinks, rateLimitKindLinks, type RateLimitBreakdown } from './runs-link';
import type { IncidentFacts } from './rules';
import { checkWebhookUrl, maskWebhookUrl, scrubWebhookUrl } from './webhook-url';

export type AlertEventKind = 'firing' | 'resolved';

export type NotifiedIncident = IncidentFacts<Date>;

export type Notification = {
  event: AlertEventKind;
  incident: NotifiedIncident;
  webhookUrl: string | null;
  /** Its AlertNotification row (the outbox), marked delivered / failed when the delivery ends. */
  notificationId?: string | null;
  /** Attempts already made (by a process that stopped or died): numbering continues, the total stays capped. */
  priorAttempts?: number;
};

export type DeliveryOptions = {
  /** Attempts per notification (first try included). */
  attempts?: number;
  /** Wait before retry n (1-based) is backoffMs · 2^(n−1), plus up to 20 % jitter. */
  backoffMs?: number;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  /** Aborting stops the delivery: the attempt in flight fails, no further attempt is made. */
  signal?: AbortSignal;
  logger?: Pick<Logger, 'info' | 'warn'>;
};

export const DEFAULT_DELIVERY = { attempts: 4, backoffMs: 1_000, timeoutMs: 5_000 } as const;

/**
 * How long a process owns a pending notification: its whole delivery (every attempt timing out,
 * every backoff at its longest) plus a margin. After that, the next evaluation takes it over.
 */
export function deliveryLeaseMs(options: Pick<DeliveryOptions, 'attempts' | 'backoffMs' | 'timeoutMs'> = {}): number {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_DELIVERY.attempts);
  const backoffMs = options.backoffMs ?? DEFAULT_DELIVERY.backoffMs;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY.timeoutMs;
  return attempts * timeoutMs + backoffMs * (2 ** (attempts - 1) - 1) * 1.2 + 30_000;
}

export type WebhookPayload = {
  event: AlertEventKind;
  text: string;
  incidentId: string;
  rule: { id: string; name: string };
  metric: AlertMetric;
  metricLabel: string;
  unit: string;
  /** The value now: when it fired, or when it resolved (null: no calls left in the window). */
  value: number | null;
  firedValue: number;
  threshold: number;
  comparison: AlertComparison;
  condition: string;
  calls: number;
  scope: { provider: string | null; model: string | null };
  window: { seconds: number; from: string; to: string };
  firedAt: string;
  resolvedAt: string | null;
  resolvedValue: number | null;
  /** All the runs behind the incident (for rate limits with both kinds: every run with a failed call in the window and scope). */
  runsPath: string;
  runsUrl: string | null;
  /** Rate-limit incidents: the rate-limited and the overloaded runs apart, with their calls in the window (when measured). */
  runsLinks: Array<{ label: string; path: string; url: string | null; calls: number | null }>;
  consoleUrl: string | null;
  /** `<incidentId>:<event>`, also sent as X-Switchboard-Delivery: the same on every retry. */
  deliveryId: string;
};

/** The id of one notification: the same on each attempt, so that a receiver can deduplicate. */
export function deliveryId(incidentId: string, event: AlertEventKind): string {
  return `${incidentId}:${event}`;
}

export const SIGNATURE_HEADER = 'x-switchboard-signature';
export const TIMESTAMP_HEADER = 'x-switchboard-timestamp';
export const DELIVERY_HEADER = 'x-switchboard-delivery';
export const EVENT_HEADER = 'x-switchboard-event';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the secret>` (verification: README). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The request headers of one attempt: delivery id and event always; timestamp and signature when a secret is set. */
export function webhookHeaders(options: {
  body: string;
  deliveryId: string;
  event: AlertEventKind;
  secret: string | null;
  now?: Date;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'switchboard-alerts',
    [DELIVERY_HEADER]: options.deliveryId,
    [EVENT_HEADER]: options.event,
  };
  if (options.secret) {
    const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = webhookSignature(options.secret, timestamp, options.body);
  }
  return headers;
}

/** SWITCHBOARD_ALERT_WEBHOOK_SECRET, if set (a secret: never logged, shown or exported). */
export function webhookSecret(env: Record<string, string | undefined>): string | null {
  return env.SWITCHBOARD_ALERT_WEBHOOK_SECRET?.trim() || null;
}

function publicUrl(env: Record<string, string | undefined>): string | null {
  const raw = env.SWITCHBOARD_PUBLIC_URL?.trim();
  if (!raw) return null;
  const checked = checkWebhookUrl(raw);
  return checked.ok ? checked.url.toString().replace(/\/+$/, '') : null;
}

export function webhookPayload(
  event: AlertEventKind,
  incident: NotifiedIncident,
  env: Record<string, string | undefined> = process.env,
  breakdown: RateLimitBreakdown | null = null,
): WebhookPayload {
  const runsPath = incidentRunsLinks(incident, breakdown)[0]!.href;
  const base = publicUrl(env);
  const kindLinks = incident.metric === 'rate_limit_incidents' ? rateLimitKindLinks(incident, breakdown) : [];
  const condition = describeCondition(incident);
  const scope = describeScope(incident);
  const value = event === 'resolved' ? incident.resolvedValue : incident.value;
  const text =
    event === 'firing'
      ? `🔥 ${incident.ruleName} is firing: ${METRICS[incident.metric].label} ${formatMetricValue(incident.metric, incident.value)} (${condition}, ${scope}).`
      : `✅ ${incident.ruleName} resolved: ${METRICS[incident.metric].label} ${formatMetricValue(incident.metric, incident.resolvedValue)} (${condition}, ${scope}).`;
  return {
    event,
    text: base ? `${text} ${base}/alerts#incident-${incident.id}` : text,
    incidentId: incident.id,
    rule: { id: incident.ruleId, name: incident.ruleName },
    metric: incident.metric,
    metricLabel: METRICS[incident.metric].label,
    unit: METRICS[incident.metric].unit,
    value,
    firedValue: incident.value,
    threshold: incident.threshold,
    comparison: incident.comparison,
    condition,
    calls: incident.calls,
    scope: { provider: incident.provider, model: incident.model },
    window: { seconds: incident.windowSeconds, from: incident.windowFrom.toISOString(), to: incident.windowTo.toISOString() },
    firedAt: incident.firedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    resolvedValue: incident.resolvedValue,
    runsPath,
    runsUrl: base ? `${base}${runsPath}` : null,
    runsLinks: kindLinks.map((link) => ({
      label: link.label,
      path: link.href,
      url: base ? `${base}${link.href}` : null,
      calls: link.calls ?? null,
    })),
    consoleUrl: base ? `${base}/alerts#incident-${incident.id}` : null,
    deliveryId: deliveryId(incident.id, event),
  };
}

/** The rule's own webhook, else SWITCHBOARD_ALERT_WEBHOOK_URL, else none. */
export function webhookTarget(ruleUrl: string | null, env: Record<string, string | undefined>): string | null {
  return ruleUrl ?? (env.SWITCHBOARD_ALERT_WEBHOOK_URL?.trim() || null);
}

function retryable(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export type DeliveryOutcome = { delivered: boolean; attempts: number };

/**
 * POSTs the notification until a 2xx answer, a non-retryable answer (4xx other than 408/425/429)
 * or the last attempt. Each attempt is recorded with its status, HTTP status, error and duration.
 */
export async function deliverNotification(
  db: Database,
  notification: Notification,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const outcome = await attemptDelivery(db, notification, options);
  if (notification.notificationId) {
    // Stopped part-way (a worker shutting down): left pending, free for the next evaluation to take over.
    const stopped = !outcome.delivered && options.signal?.aborted;
    await db.alertNotification.updateMany({
      where: { id: notification.notificationId, status: 'pending' },
      data: stopped ? { leaseUntil: new Date() } : { status: outcome.delivered ? 'delivered' : 'failed', finishedAt: new Date() },
    });
  }
  return outcome;
}

async function attemptDelivery(db: Database, notification: Notification, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const env = options.env ?? process.env;
  const attempts = Math.max(1, options.attempts ?? DEFAULT_DELIVERY.attempts);
  const backoffMs = options.backoffMs ?? DEFAULT_DELIVERY.backoffMs;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY.timeoutMs;
  const doFetch = options.fetch ?? fetch;
  const target = notification.webhookUrl;
  const prior = Math.max(0, notification.priorAttempts ?? 0);
  if (!target || prior >= attempts) return { delivered: false, attempts: prior };
  const { event, incident } = notification;
  const record = (row: {
    attempt: number;
    status: 'delivered' | 'failed';
    httpStatus?: number | null;
    error?: string | null;
    durationMs: number;
    target: string;
  }) => db.alertDelivery.create({ data: { incidentId: incident.id, event, ...row } });

  const checked = checkWebhookUrl(target);
  if (!checked.ok) {
    await record({
      attempt: prior + 1,
      status: 'failed',
      error: `The webhook URL is refused: ${checked.message}.`,
      durationMs: 0,
      target: '(refused URL)',
    });
    options.logger?.warn({ incidentId: incident.id, event }, 'alert webhook URL refused');
    return { delivered: false, attempts: prior + 1 };
  }
  const masked = maskWebhookUrl(target);
  // Whole texts, before they are cut short: a cut inside a token would leave its start, which no longer matches.
  const safe = (text: string) => redactText(scrubWebhookUrl(text, target));
  const breakdown =
    incident.metric === 'rate_limit_incidents' ? ((await rateLimitBreakdowns(db, [incident.id])).get(incident.id) ?? null) : null;
  // One body for every attempt (a retry resends the same bytes, with the same delivery id).
  const body = JSON.stringify(webhookPayload(event, incident, env, breakdown));
  const secret = webhookSecret(env);
  const id = deliveryId(incident.id, event);
  for (let attempt = prior + 1; attempt <= attempts; attempt++) {
    if (options.signal?.aborted) return { delivered: false, attempts: attempt - 1 };
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await doFetch(checked.url, {
        method: 'POST',
        headers: webhookHeaders({ body, deliveryId: id, event, secret }),
        body,
        redirect: 'manual',
        signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
      httpStatus = response.status;
      const text = await response.text().catch(() => '');
      if (response.status < 200 || response.status >= 300) {
        const said = safe(text.trim());
        error = `HTTP ${response.status}${said ? `: ${said.slice(0, 200)}` : ''}`;
      }
    } catch (caught) {
      const cause = caught instanceof Error && caught.cause instanceof Error ? `: ${caught.cause.message}` : '';
      error = options.signal?.aborted
        ? 'stopped: the worker shut down during the attempt'
        : caught instanceof Error && (caught.name === 'TimeoutError' || caught.name === 'AbortError')
          ? `no answer within ${timeoutMs} ms`
          : safe(`${caught instanceof Error ? caught.message : String(caught)}${cause}`);
    }
    const durationMs = Math.round(performance.now() - started);
    const safeError = error?.slice(0, 500) ?? null;
    await record({ attempt, status: error ? 'failed' : 'delivered', httpStatus, error: safeError, durationMs, target: masked });
    if (!error) {
      options.logger?.info({ incidentId: incident.id, event, target: masked, attempt }, 'alert webhook delivered');
      return { delivered: true, attempts: attempt };
    }
    options.logger?.warn({ incidentId: incident.id, event, target: masked, attempt, error: safeError }, 'alert webhook attempt failed');
    if (httpStatus !== null && !retryable(httpStatus)) return { delivered: false, attempts: attempt };
    if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1 - prior) * (1 + Math.random() * 0.2), options.signal);
  }
  return { delivered: false, attempts };
}
