// The alert evaluator. Every worker process runs a timer; an evaluation takes a Postgres advisory
// lock (transaction-scoped) and is skipped when another process holds it or evaluated less than
// an interval ago, so however many workers run, one evaluates at a time, about once per interval.
// One evaluation = one aggregate query per rule, then the state changes (incidents open / close)
// in the same transaction; webhook notifications are sent after the commit.
import 'server-only';
import type { Logger } from 'pino';
import type { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { measureRule } from './measure';
import { conditionHolds, nextTransition } from './state-machine';
import { deliverNotification, deliveryLeaseMs, webhookTarget, type DeliveryOptions, type Notification } from './webhook';
import { scrubWebhookUrl } from './webhook-url';

/** pg_try_advisory_xact_lock key of the alert evaluation (distinct from the rollup refresher's). */
export const ALERT_LOCK_KEY = 0x5b_a1_e7_01;
const STATE_ID = 'alerts';
export const DEFAULT_ALERT_INTERVAL_MS = 60_000;
/** Timers drift: an evaluation is due once 80 % of the interval has passed since the last one. */
const DUE_FRACTION = 0.8;

export type EvaluationResult =
  | { status: 'busy' }
  | { status: 'not-due'; lastRunAt: Date }
  | {
      status: 'evaluated';
      rules: number;
      fired: string[];
      resolved: string[];
      /** To deliver now: those of this evaluation, then those taken over from a process that stopped or died. */
      notifications: Notification[];
      /** AlertNotification ids taken over. */
      takenOver: string[];
    };

export type EvaluateOptions = {
  now?: Date;
  /** Skip when the last evaluation (by any process) is more recent than this; omit to always evaluate. */
  intervalMs?: number;
  workerId?: string;
  env?: Record<string, string | undefined>;
  /** How long the delivering process owns a notification (default: `deliveryLeaseMs()`). */
  leaseMs?: number;
};

type Tx = Prisma.TransactionClient;

/**
 * Pending notifications whose lease expired — their process died, or stopped and released them —
 * leased to the caller, with the attempts already made (numbering continues; the total stays capped).
 * The target is looked up again: the rule's webhook, else this process's SWITCHBOARD_ALERT_WEBHOOK_URL.
 */
export async function takeOverNotifications(
  tx: Tx | Database,
  options: { now: Date; leaseMs: number; env: Record<string, string | undefined>; limit?: number },
): Promise<Notification[]> {
  const stale = await tx.alertNotification.findMany({
    where: { status: 'pending', leaseUntil: { lte: options.now } },
    orderBy: { createdAt: 'asc' },
    take: options.limit ?? 50,
    include: { incident: { include: { rule: { select: { webhookUrl: true } } } } },
  });
  const taken: Notification[] = [];
  for (const row of stale) {
    // Conditional on the lease still being expired: of two processes, one takes it.
    const claimed = await tx.alertNotification.updateMany({
      where: { id: row.id, status: 'pending', leaseUntil: { lte: options.now } },
      data: { leaseUntil: new Date(options.now.getTime() + options.leaseMs) },
    });
    if (!claimed.count) continue;
    const priorAttempts = await tx.alertDelivery.count({ where: { incidentId: row.incidentId, event: row.event } });
    const { rule, ...incident } = row.incident;
    taken.push({
      event: row.event,
      incident,
      webhookUrl: webhookTarget(rule.webhookUrl, options.env),
      notificationId: row.id,
      priorAttempts,
    });
  }
  return taken;
}

/** One evaluation of every rule, or nothing when another evaluator holds the lock or it is not due. */
export async function evaluateAlerts(db: Database, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const now = options.now ?? new Date();
  const env = options.env ?? process.env;
  const leaseMs = options.leaseMs ?? deliveryLeaseMs();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.$transaction(
    async (tx: Tx): Promise<EvaluationResult> => {
      const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${ALERT_LOCK_KEY}) AS locked`;
      if (!lock?.locked) return { status: 'busy' };
      if (options.intervalMs) {
        const state = await tx.alertEvaluatorState.findUnique({ where: { id: STATE_ID } });
        const elapsed = state ? now.getTime() - state.lastRunAt.getTime() : Infinity;
        // A last run "in the future" (a process with a clock ahead) does not block the others.
        if (elapsed >= 0 && elapsed < options.intervalMs * DUE_FRACTION) return { status: 'not-due', lastRunAt: state!.lastRunAt };
      }
      await tx.alertEvaluatorState.upsert({
        where: { id: STATE_ID },
        create: { id: STATE_ID, lastRunAt: now, workerId: options.workerId ?? null },
        update: { lastRunAt: now, workerId: options.workerId ?? null },
      });
      const rules = await tx.alertRule.findMany({ orderBy: { createdAt: 'asc' } });
      const open = new Map(
        (await tx.alertIncident.findMany({ where: { openRuleId: { not: null } } })).map((incident) => [incident.ruleId, incident]),
      );
      const fired: string[] = [];
      const resolved: string[] = [];
      const notifications: Notification[] = [];
      for (const rule of rules) {
        const incident = open.get(rule.id);
        if (!rule.enabled && !incident) continue;
        const measured = rule.enabled ? await measureRule(tx, rule, now) : null;
        const holds = measured ? conditionHolds(rule, measured) : false;
        const transition = nextTransition(!!incident, holds);
        const webhookUrl = webhookTarget(rule.webhookUrl, env);
        if (transition === 'fire' && measured) {
          const created = await tx.alertIncident.create({
            data: {
              ruleId: rule.id,
              openRuleId: rule.id,
              ruleName: rule.name,
              metric: rule.metric,
              comparison: rule.comparison,
              threshold: rule.threshold,
              value: measured.value!,
              calls: measured.calls,
              provider: rule.provider,
              model: rule.provider ? rule.model : null,
              windowSeconds: rule.windowSeconds,
              windowFrom: measured.from,
              windowTo: measured.to,
              firedAt: now,
            },
          });
          fired.push(created.id);
          const outbox = webhookUrl
            ? await tx.alertNotification.create({ data: { incidentId: created.id, event: 'firing', leaseUntil } })
            : null;
          notifications.push({ event: 'firing', incident: created, webhookUrl, notificationId: outbox?.id ?? null });
        } else if (transition === 'resolve' && incident) {
          const closed = await tx.alertIncident.update({
            where: { id: incident.id },
            data: { resolvedAt: now, resolvedValue: measured?.value ?? null, openRuleId: null },
          });
          resolved.push(closed.id);
          const outbox = webhookUrl
            ? await tx.alertNotification.create({ data: { incidentId: closed.id, event: 'resolved', leaseUntil } })
            : null;
          notifications.push({ event: 'resolved', incident: closed, webhookUrl, notificationId: outbox?.id ?? null });
        }
        if (measured) {
          // Raw SQL: the rule's updatedAt says when a person changed it, not when it was evaluated.
          await tx.$executeRaw`
            UPDATE "AlertRule" SET "lastEvaluatedAt" = ${now.toISOString()}::timestamptz, "lastValue" = ${measured.value}::float8, "lastCalls" = ${measured.calls}
            WHERE "id" = ${rule.id}::uuid`;
        }
      }
      const takenOver = await takeOverNotifications(tx, { now, leaseMs, env });
      notifications.push(...takenOver);
      return {
        status: 'evaluated',
        rules: rules.filter((rule) => rule.enabled).length,
        fired,
        resolved,
        notifications,
        takenOver: takenOver.map((notification) => notification.notificationId!),
      };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** SWITCHBOARD_ALERT_INTERVAL_MS: milliseconds between evaluations (default 60 000; 0 turns the evaluator off). */
export function alertIntervalFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SWITCHBOARD_ALERT_INTERVAL_MS?.trim();
  if (!raw) return DEFAULT_ALERT_INTERVAL_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) return DEFAULT_ALERT_INTERVAL_MS;
  return value === 0 ? 0 : Math.max(100, Math.round(value));
}

export type AlertEvaluatorSettings = {
  /** Milliseconds between evaluations; 0 turns the evaluator off. Default: SWITCHBOARD_ALERT_INTERVAL_MS. */
  intervalMs?: number;
  delivery?: Omit<DeliveryOptions, 'signal' | 'logger' | 'env'>;
  env?: Record<string, string | undefined>;
};

export type AlertEvaluator = {
  intervalMs: number;
  /** Evaluates now (if due and no other evaluator holds the lock) and queues the notifications. */
  evaluateNow(): Promise<EvaluationResult | null>;
  /** Resolves when the notifications queued so far are delivered (or given up). */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

/** The worker's evaluation timer; notifications are delivered one after the other, in order. */
export function startAlertEvaluator(options: { db: Database; workerId: string; logger: Logger } & AlertEvaluatorSettings): AlertEvaluator {
  const { db, workerId, logger } = options;
  const env = options.env ?? process.env;
  const intervalMs = options.intervalMs ?? alertIntervalFromEnv(env);
  const abort = new AbortController();
  let deliveries: Promise<void> = Promise.resolve();
  let running: Promise<EvaluationResult | null> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const queue = (notification: Notification) => {
    deliveries = deliveries
      .then(() => deliverNotification(db, notification, { ...options.delivery, env, logger, signal: abort.signal }))
      .then(
        () => undefined,
        (error: unknown) => {
          const message = notification.webhookUrl ? scrubWebhookUrl(String(error), notification.webhookUrl) : String(error);
          logger.error({ err: message, incidentId: notification.incident.id }, 'alert notification failed');
        },
      );
  };

  const evaluate = async (): Promise<EvaluationResult | null> => {
    try {
      const result = await evaluateAlerts(db, { intervalMs, workerId, env, leaseMs: deliveryLeaseMs(options.delivery) });
      if (result.status === 'evaluated') {
        if (result.fired.length || result.resolved.length)
          logger.info({ fired: result.fired, resolved: result.resolved }, 'alerts changed state');
        if (result.takenOver.length)
          logger.info({ notifications: result.takenOver }, 'alert notifications taken over from a stopped process');
        for (const notification of result.notifications) queue(notification);
      }
      return result;
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'alert evaluation failed');
      return null;
    }
  };

  const evaluateNow = (): Promise<EvaluationResult | null> => {
    if (abort.signal.aborted) return Promise.resolve(null);
    running ??= evaluate().finally(() => {
      running = null;
    });
    return running;
  };

  const loop = () => {
    timer = setTimeout(() => {
      void evaluateNow().finally(() => {
        if (!abort.signal.aborted) loop();
      });
    }, intervalMs);
    timer.unref();
  };
  if (intervalMs > 0) loop();

  return {
    intervalMs,
    evaluateNow,
    idle: () => deliveries,
    async stop() {
      abort.abort();
      if (timer) clearTimeout(timer);
      await running;
      await deliveries;
    },
  };
}
