/**
 * Sign-in attempts, one client address at a time: each address's attempts are checked one after
 * the other (a new one waits for the one before it, so none is dropped and none runs in parallel),
 * and a wrong password holds that address's line for a delay that grows with its consecutive
 * failures — 400 ms for the first three, then doubling up to 10 s. A right password clears the
 * count. Held in memory: per process, forgotten on restart (enough for a console guarded by one
 * shared password; a fleet behind a load balancer would keep this in the database).
 */

export type ThrottleOptions = {
  baseDelayMs?: number;
  /** Failures answered after the base delay before it starts doubling. */
  freeFailures?: number;
  maxDelayMs?: number;
  /** Attempts of one address that may wait in line; more are refused at once. */
  maxWaiting?: number;
  /** A failure count older than this starts again from zero. */
  forgetAfterMs?: number;
  /** At most this many addresses are remembered (the least recently seen go first). */
  maxClients?: number;
};

export type AttemptResult =
  | { ok: true }
  | { ok: false; reason: 'wrong'; failures: number; delayMs: number }
  | { ok: false; reason: 'busy'; waiting: number };

type ClientState = { failures: number; lastFailureAt: number; tail: Promise<unknown>; waiting: number };

const DEFAULTS: Required<ThrottleOptions> = {
  baseDelayMs: 400,
  freeFailures: 3,
  maxDelayMs: 10_000,
  maxWaiting: 5,
  forgetAfterMs: 15 * 60_000,
  maxClients: 10_000,
};

export class SignInThrottle {
  private readonly options: Required<ThrottleOptions>;
  private readonly clients = new Map<string, ClientState>();

  constructor(options: ThrottleOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** How long the `failures`-th consecutive wrong password holds its address's line. */
  failureDelayMs(failures: number): number {
    const { baseDelayMs, freeFailures, maxDelayMs } = this.options;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failures - freeFailures));
  }

  /** Consecutive failures remembered for an address (0 when none or forgotten). */
  failures(client: string, now: number = Date.now()): number {
    const state = this.clients.get(client);
    return state && now - state.lastFailureAt <= this.options.forgetAfterMs ? state.failures : 0;
  }

  /** Runs `check` (is the password right?) in the address's line and answers what became of it. */
  async attempt(client: string, check: () => boolean): Promise<AttemptResult> {
    const state = this.stateOf(client);
    if (state.waiting >= this.options.maxWaiting) return { ok: false, reason: 'busy', waiting: state.waiting };
    state.waiting++;
    const turn = state.tail.then(async (): Promise<AttemptResult> => {
      if (check()) {
        state.failures = 0;
        return { ok: true };
      }
      const now = Date.now();
      state.failures = now - state.lastFailureAt > this.options.forgetAfterMs ? 1 : state.failures + 1;
      state.lastFailureAt = now;
      const delayMs = this.failureDelayMs(state.failures);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { ok: false, reason: 'wrong', failures: state.failures, delayMs };
    });
    state.tail = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      state.waiting--;
      if (state.waiting === 0 && state.failures === 0) this.clients.delete(client);
    }
  }

  private stateOf(client: string): ClientState {
    let state = this.clients.get(client);
    if (state) {
      // Most recently seen last: the map's first entries are the ones to forget.
      this.clients.delete(client);
    } else {
      state = { failures: 0, lastFailureAt: 0, tail: Promise.resolve(), waiting: 0 };
      for (const [key, other] of this.clients) {
        if (this.clients.size < this.options.maxClients) break;
        if (other.waiting === 0) this.clients.delete(key);
      }
    }
    this.clients.set(client, state);
    return state;
  }
}
