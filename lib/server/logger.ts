import pino, { type Logger } from 'pino';
import { redact, redactText } from '@/lib/redaction/redact';

export type { Logger };

/**
 * JSON-lines logger. Every message and field passes through the redaction module first.
 * `SWITCHBOARD_LOG_LEVEL` sets the level (default info; silent in tests unless set).
 */
export function createLogger(bindings: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const level = process.env.SWITCHBOARD_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino(
    {
      level,
      base: { app: 'switchboard', ...bindings },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : redact(arg))) as Parameters<typeof method>;
          method.apply(this, redacted);
        },
      },
    },
    destination,
  );
}
