/**
 * Sign-in attempts, one client address at a time: each address's attempts are checked one after
 * the other (a new one waits for the one before it, so none is dropped and none runs in parallel),
 * and a wrong password holds that address's line for a delay that grows with its consecutive
 * failures — 400 ms for the first three, then doubling up to 10 s. A right password clears the
 * count. Above that, a ceiling for all addresses together: after 30 wrong passwords within a
 * minute, every attempt is refused unchecked until the oldest of them is a minute old (many
 * addresses guessing at once get no more tries than that). Held in memory: per process, forgotten
 * on restart (enough for a console guarded by one shared password; a fleet behind a load balancer
 * would keep this in the database).
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
  /** Wrong passwords, from all addresses together, allowed within `ceilingWindowMs`; beyond, attempts are refused unchecked. */
  maxFailuresPerWindow?: number;
  ceilingWindowMs?: number;
};

export type AttemptResult =
  | { ok: true }
  | { ok: false; reason: 'wrong'; failures: number; delayMs: number }
  | { ok: false; reason: 'busy'; waiting: number }
  | { ok: false; reason: 'ceiling'; failures: number; retryAfterMs: number };

type ClientState = { failures: number; lastFailureAt: number; tail: Promise<unknown>; waiting: number };

const DEFAULTS: Required<ThrottleOptions> = {
  baseDelayMs: 400,
  freeFailures: 3,
  maxDelayMs: 10_000,
  maxWaiting: 5,
  forgetAfterMs: 15 * 60_000,
  maxClients: 10_000,
  maxFailuresPerWindow: 30,
  ceilingWindowMs: 60_000,
};

export class SignInThrottle {
  private readonly options: Required<ThrottleOptions>;
  private readonly clients = new Map<string, ClientState>();
  /** When the recent wrong passwords (all addresses) happened, oldest first; at most maxFailuresPerWindow. */
  private readonly recentFailures: number[] = [];

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

  /** The refusal every attempt gets while the wrong passwords of the last window reach the ceiling; null below it. */
  ceiling(now: number = Date.now()): Extract<AttemptResult, { reason: 'ceiling' }> | null {
    const { maxFailuresPerWindow, ceilingWindowMs } = this.options;
    while (this.recentFailures.length && now - this.recentFailures[0]! >= ceilingWindowMs) this.recentFailures.shift();
    if (this.recentFailures.length < maxFailuresPerWindow) return null;
    return {
      ok: false,
      reason: 'ceiling',
      failures: this.recentFailures.length,
      retryAfterMs: this.recentFailures[0]! + ceilingWindowMs - now,
    };
  }

  /** Runs `check` (is the password right?) in the address's line and answers what became of it. */
  async attempt(client: string, check: () => boolean): Promise<AttemptResult> {
    const refused = this.ceiling();
    if (refused) return refused;
    const state = this.stateOf(client);
    if (state.waiting >= this.options.maxWaiting) return { ok: false, reason: 'busy', waiting: state.waiting };
    state.waiting++;
    const turn = state.tail.then(async (): Promise<AttemptResult> => {
      // Checked again at the attempt's turn: others may have reached the ceiling while it waited.
      const refusedNow = this.ceiling();
      if (refusedNow) return refusedNow;
      if (check()) {
        state.failures = 0;
        return { ok: true };
      }
      const now = Date.now();
      this.recentFailures.push(now);
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
