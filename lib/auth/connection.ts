import { AsyncLocalStorage } from 'node:async_hooks';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/**
 * What the server's own socket says about a request — the peer address — with the forwarding
 * headers exactly as they arrived (before Next.js adds its own). A client cannot forge `peer`.
 */
export type Connection = {
  peer: string | undefined;
  /** X-Forwarded-For as received, if any. */
  forwardedFor: string | undefined;
  /** The request carries a forwarding header (X-Forwarded-For, Forwarded, X-Real-IP): a proxy relayed it. */
  relayed: boolean;
};

// One store per process, shared by every bundle Next.js loads (instrumentation, proxy, app).
const STORE = Symbol.for('switchboard.auth.connection');
const TRACKED = Symbol.for('switchboard.auth.connection.tracked');
type Globals = { [STORE]?: AsyncLocalStorage<Connection> };

function store(): AsyncLocalStorage<Connection> {
  const globals = globalThis as Globals;
  return (globals[STORE] ??= new AsyncLocalStorage<Connection>());
}

/** The connection of the request being handled; undefined outside one (or before tracking began). */
export function currentConnection(): Connection | undefined {
  return store().getStore();
}

export function withConnection<T>(connection: Connection, run: () => T): T {
  return store().run(connection, run);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function connectionOf(request: IncomingMessage): Connection {
  const forwardedFor = header(request, 'x-forwarded-for');
  return {
    peer: request.socket?.remoteAddress,
    forwardedFor,
    relayed: forwardedFor !== undefined || header(request, 'forwarded') !== undefined || header(request, 'x-real-ip') !== undefined,
  };
}

const REQUEST_EVENTS = new Set(['request', 'checkContinue', 'checkExpectation', 'upgrade']);

/**
 * From now on, every request an HTTP(S) server of this process handles runs with its Connection
 * in `currentConnection()`. Next.js reads no such thing itself (it keeps a client-sent
 * X-Forwarded-For), so instrumentation.ts calls this when the server starts, before it serves.
 */
export function trackConnections(): void {
  for (const prototype of [http.Server.prototype, https.Server.prototype] as unknown as Record<symbol | string, unknown>[]) {
    if (prototype[TRACKED]) continue;
    const emit = prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (typeof event === 'string' && REQUEST_EVENTS.has(event)) {
        return withConnection(connectionOf(args[0] as IncomingMessage), () => emit.call(this, event, ...args));
      }
      return emit.call(this, event, ...args);
    };
    prototype[TRACKED] = true;
  }
}
