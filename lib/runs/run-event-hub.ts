import 'server-only';
import pg from 'pg';
import { RUN_EVENTS_CHANNEL } from '@/lib/store/run-event-writer';

type Wake = () => void;

/**
 * One Postgres connection per process LISTENs on the run-events channel and wakes the live streams
 * of the run a NOTIFY names. The notification only says "look again": readers then SELECT the rows
 * with seq > what they sent, so a lost notification (reconnect) costs latency, never events. On a
 * dropped connection every stream is woken and the hub reconnects while anyone listens; each time
 * LISTEN is active again every stream is woken once more (NOTIFYs sent meanwhile went nowhere).
 * With no listener left it closes its connection after a short idle time.
 */
export class RunEventHub {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly wakers = new Map<string, Set<Wake>>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly options: { idleCloseMs?: number; connectTimeoutMs?: number; onError?: (error: Error) => void } = {},
  ) {}

  /** Calls `wake` on each NOTIFY for the run; resolves once LISTEN is active (or failed: polling still works). */
  async subscribe(runId: string, wake: Wake): Promise<() => void> {
    let set = this.wakers.get(runId);
    if (!set) this.wakers.set(runId, (set = new Set()));
    set.add(wake);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      await this.connect();
    } catch (error) {
      this.options.onError?.(error as Error);
      this.scheduleReconnect();
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(wake);
      if (!set.size && this.wakers.get(runId) === set) this.wakers.delete(runId);
      if (!this.wakers.size) this.scheduleIdleClose();
    };
  }

  /** Subscriptions open now (tests, diagnostics). */
  listenerCount(): number {
    let count = 0;
    for (const set of this.wakers.values()) count += set.size;
    return count;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.idleTimer = this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    this.connecting = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.connectionString,
        application_name: 'switchboard-live-runs',
        // A server that accepts and never answers must not hold every new stream's subscribe.
        connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
        query_timeout: this.options.connectTimeoutMs ?? 10_000,
        keepAlive: true,
      });
      client.on('notification', (message) => this.dispatch(message.payload));
      client.on('error', (error) => this.dropped(client, error));
      client.on('end', () => this.dropped(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
      } catch (error) {
        client.removeAllListeners();
        client.on('error', () => undefined);
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      this.wakeAll();
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private dispatch(payload: string | undefined): void {
    let runId: unknown;
    try {
      runId = (JSON.parse(payload ?? '{}') as { runId?: unknown }).runId;
    } catch {
      return;
    }
    if (typeof runId !== 'string') return;
    for (const wake of this.wakers.get(runId) ?? []) wake();
  }

  private dropped(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (error) this.options.onError?.(error);
    this.wakeAll();
    this.scheduleReconnect();
  }

  private wakeAll(): void {
    for (const set of this.wakers.values()) for (const wake of set) wake();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || !this.wakers.size) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.wakers.size || this.client) return;
      this.connect().catch((error: unknown) => {
        this.options.onError?.(error as Error);
        this.scheduleReconnect();
      });
    }, 1000);
    this.reconnectTimer.unref?.();
  }

  private scheduleIdleClose(): void {
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.wakers.size) return;
      void this.close();
    }, this.options.idleCloseMs ?? 30_000);
    this.idleTimer.unref?.();
  }
}

const globalForHub = globalThis as unknown as { switchboardRunEventHub?: RunEventHub };

/** The process-wide hub on DATABASE_URL (shared by every route bundle through globalThis). */
export function runEventHub(): RunEventHub {
  if (!globalForHub.switchboardRunEventHub) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set.');
    globalForHub.switchboardRunEventHub = new RunEventHub(url, {
      onError: (error) => console.error('[switchboard] live run listener:', error.message),
    });
  }
  return globalForHub.switchboardRunEventHub;
}
