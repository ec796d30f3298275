// What a seeded history is made of (bench/seed-history.ts): the provider profiles runs use, and a
// cycle of run shapes — turns, attempts, errors, retries, streaming fallbacks, cache reads, tokens,
// timings — drawn once from a seeded random source. Postgres repeats the cycle (run r has shape
// r % SHAPES) under profiles picked by a hash of r, so the number of calls of any count of runs is
// known in advance (`runsForCalls`) and every row of a run agrees with the others without a join
// between them. Pure: the rows are made here, with the product's own cost estimate; seed-history.ts
// only gives them ids and times.
import { estimateCostUsd } from '@/lib/config/pricing';

/** A provider profile as the seeded runs use it, and what its provider reports. */
export type SeedProfile = {
  name: string;
  provider: string;
  runtime: string;
  model: string;
  /** Of every 100 runs, this many use the profile. */
  percent: number;
  /** Its latency relative to the shapes' (a reasoning model is slower). */
  speed: number;
  /** Reasoning tokens: counted, reported as 0 (a model without reasoning), or not reported at all. */
  reasoning: 'counted' | 'zero' | 'none';
  /** Cache reads reported (a provider that does not report them leaves them null). */
  reportsCacheRead: boolean;
  /** Cache writes reported (only Anthropic's Messages API does; OpenAI charges none and reports none). */
  reportsCacheWrite: boolean;
  /** What the provider reports the attempt cost, relative to our estimate (OpenRouter `usage.cost`); null: nothing. */
  reportedCost: number | null;
};

export const SEED_PROFILES: readonly SeedProfile[] = [
  profile('openai-gpt-5-responses', 'openai', 'openai-responses', 'gpt-5', 22, 1.8, 'counted', true, false, null),
  profile('openai-gpt-4.1-mini', 'openai', 'openai-chat', 'gpt-4.1-mini', 14, 0.6, 'zero', true, false, null),
  profile('openai-gpt-4.1', 'openai', 'openai-chat', 'gpt-4.1', 8, 1, 'zero', true, false, null),
  profile('anthropic-claude-sonnet', 'anthropic', 'anthropic-messages', 'claude-sonnet-4-5', 26, 1.2, 'none', true, true, null),
  profile('anthropic-claude-haiku', 'anthropic', 'anthropic-messages', 'claude-haiku-4-5', 10, 0.7, 'none', true, true, null),
  profile('openrouter-claude-sonnet', 'openrouter', 'openrouter', 'anthropic/claude-sonnet-4.5', 9, 1.3, 'none', true, false, 1.02),
  profile('openrouter-gemini-pro', 'openrouter', 'openrouter', 'google/gemini-2.5-pro', 5, 1.5, 'counted', false, false, 1),
  profile('simulator-chat', 'simulator', 'openai-chat', 'sim-gpt', 6, 0.5, 'zero', true, false, null),
];

function profile(
  name: string,
  provider: string,
  runtime: string,
  model: string,
  percent: number,
  speed: number,
  reasoning: SeedProfile['reasoning'],
  reportsCacheRead: boolean,
  reportsCacheWrite: boolean,
  reportedCost: number | null,
): SeedProfile {
  return { name, provider, runtime, model, percent, speed, reasoning, reportsCacheRead, reportsCacheWrite, reportedCost };
}

/** The profile (index into `profiles`) of each of 100 slots: a run takes slot (hash of r) % 100. */
export function profileSlots(profiles: readonly SeedProfile[] = SEED_PROFILES): number[] {
  const slots = profiles.flatMap((entry, index) => Array.from({ length: entry.percent }, () => index));
  if (slots.length !== 100) throw new Error(`the profiles' percents add up to ${slots.length}, not 100`);
  return slots;
}

type FailureKind =
  'rate_limit' | 'overloaded' | 'server' | 'network' | 'timeout' | 'auth' | 'bad_request' | 'stream_unsupported' | 'cancelled';

/** One attempt of a turn, before a profile is applied (tokens and times as the shape has them). */
type AttemptPlan = {
  kind: FailureKind | null;
  /** Asked for a stream. */
  streamed: boolean;
  /** The provider began one (a 2xx event stream): a stream cut later (network) began too. */
  started: boolean;
  cause: 'retry' | 'stream-fallback' | null;
  causeKind: FailureKind | null;
  waitBeforeMs: number;
  retryAfterMs: number | null;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
};

type TurnPlan = { attempts: AttemptPlan[]; gapAfterMs: number };

export type RunStatus = 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** A run's course, the same under every profile: its turns, each a list of attempts. */
export type RunShape = { status: RunStatus; streamRequested: boolean; turns: TurnPlan[]; taskIndex: number };

/** How many shapes the cycle has (a prime: the cycle lines up with no other period). */
export const SHAPES = 509;

/** What a run of a shape looks like, in what share: statuses, turns, the failures of attempts. */
const RUN_STATUS_SHARES: ReadonlyArray<[RunStatus, number]> = [
  ['failed', 0.04],
  ['cancelled', 0.02],
  ['interrupted', 0.01],
];
const MAX_TURNS = 12;

export const TASKS = [
  'Summarize README.md and list the open TODOs.',
  'Find where the retry policy is configured and explain it.',
  'Write a changelog entry for the last release.',
  'List the files in src/ and describe the architecture.',
  'Search for "deprecated" and propose replacements.',
  'Add input validation to the signup handler and write its tests.',
  'Explain why the nightly export job is slow and propose a fix.',
] as const;

/** A seeded random source (a 32-bit LCG, as scripts/seed-demo.ts): the same shapes on every run of the bench. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** The cycle of run shapes (`count` of them, the same for the same seed). */
export function makeShapes(count = SHAPES, seed = 16): RunShape[] {
  const random = randomSource(seed);
  const logNormal = (median: number, spread: number) =>
    Math.max(1, Math.round(median * Math.exp((random() + random() + random() - 1.5) * spread)));
  const shapes: RunShape[] = [];
  for (let index = 0; index < count; index++) {
    const roll = random();
    let status: RunStatus = 'succeeded';
    let bound = 0;
    for (const [candidate, share] of RUN_STATUS_SHARES) {
      bound += share;
      if (roll < bound) {
        status = candidate;
        break;
      }
    }
    const streamRequested = random() < 0.85;
    // Agent runs: mostly a few turns, some long ones (a geometric tail, mean ≈ 3.4).
    const turnCount = Math.min(MAX_TURNS, 1 + Math.floor(-Math.log(1 - random()) * 2.4));
    // A refused stream (an unverified organization) is answered by a non-streaming fallback; later turns then ask for none.
    const refusesStream = streamRequested && random() < 0.03;
    const turns: TurnPlan[] = [];
    for (let turn = 0; turn < turnCount; turn++) {
      const last = turn === turnCount - 1;
      const attempts: AttemptPlan[] = [];
      // After the refusal every attempt of the run asks for no stream.
      const streamed = streamRequested && !refusesStream;
      const failure = (kind: FailureKind, started = false, cause: AttemptPlan['cause'] = null): AttemptPlan => ({
        kind,
        streamed: kind === 'stream_unsupported' ? true : streamed,
        started,
        cause,
        causeKind: null,
        waitBeforeMs: 0,
        retryAfterMs: kind === 'rate_limit' ? 1000 * (1 + Math.floor(random() * 20)) : null,
        latencyMs: kind === 'timeout' ? 60_000 : started ? logNormal(2500, 0.5) : logNormal(320, 0.5),
        ttftMs: started ? logNormal(450, 0.4) : null,
        inputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
      });
      if (refusesStream && turn === 0) attempts.push(failure('stream_unsupported'));
      // Failures before the answer, each retried: rate limits (sometimes twice in a row), overloads, 5xx pages, cut streams.
      const before = random();
      if (before < 0.045) {
        attempts.push(failure('rate_limit'));
        if (random() < 0.3) attempts.push(failure('rate_limit'));
      } else if (before < 0.06) attempts.push(failure('overloaded'));
      else if (before < 0.068) attempts.push(failure('server'));
      else if (before < 0.073 && streamed) attempts.push(failure('network', true));
      else if (before < 0.075) attempts.push(failure('timeout'));
      const input = 900 + Math.floor(random() * 3000) + turn * 700;
      const cacheRead = turn === 0 ? 0 : Math.floor(input * (0.5 + random() * 0.4));
      const output = 60 + Math.floor(random() * 700);
      if (last && status === 'failed') {
        const kind = (['server', 'rate_limit', 'overloaded', 'timeout', 'auth', 'bad_request'] as const)[Math.floor(random() * 6)]!;
        attempts.push(failure(kind));
        if (kind === 'rate_limit' || kind === 'overloaded' || kind === 'server') attempts.push(failure(kind), failure(kind));
      } else if (last && status === 'cancelled') {
        attempts.push({ ...failure('cancelled', streamed), latencyMs: logNormal(1500, 0.6) });
      } else if (!(last && status === 'interrupted')) {
        // The answer (an interrupted run's last turn has none: its worker died during it).
        const latency = logNormal(2200, 0.5);
        attempts.push({
          kind: null,
          streamed,
          started: streamed,
          cause: null,
          causeKind: null,
          waitBeforeMs: 0,
          retryAfterMs: null,
          latencyMs: latency,
          ttftMs: streamed ? Math.min(latency - 10, logNormal(450, 0.4)) : latency - logNormal(40, 0.3),
          inputTokens: input,
          cacheReadTokens: cacheRead,
          cacheWriteTokens: turn === 0 ? Math.floor(input * 0.6) : 0,
          outputTokens: output,
          reasoningTokens: Math.floor(output * 0.4),
        });
      }
      attempts.forEach((attempt, position) => {
        if (position === 0) return;
        const previous = attempts[position - 1]!;
        attempt.causeKind = previous.kind;
        attempt.cause = previous.kind === 'stream_unsupported' ? 'stream-fallback' : 'retry';
        attempt.waitBeforeMs = attempt.cause === 'stream-fallback' ? 0 : (previous.retryAfterMs ?? logNormal(1200, 0.6));
      });
      turns.push({ attempts, gapAfterMs: 30 + Math.floor(random() * 1500) });
    }
    shapes.push({ status, streamRequested, turns, taskIndex: Math.floor(random() * TASKS.length) });
  }
  return shapes;
}

/** The provider calls (attempts) a run of each shape makes. */
export function callsPerShape(shapes: readonly RunShape[]): number[] {
  return shapes.map((shape) => shape.turns.reduce((sum, turn) => sum + turn.attempts.length, 0));
}

/** The fewest runs (run r of shape r % shapes) whose calls number at least `calls`, and how many calls they make. */
export function runsForCalls(perShape: readonly number[], calls: number): { runs: number; calls: number } {
  const cycle = perShape.reduce((sum, count) => sum + count, 0);
  if (cycle === 0) throw new Error('the shapes make no calls');
  const cycles = Math.max(0, Math.floor((calls - 1) / cycle));
  let runs = cycles * perShape.length;
  let made = cycles * cycle;
  while (made < calls) made += perShape[runs++ % perShape.length]!;
  return { runs, calls: made };
}

/** The rows (calls, turns …) `runs` runs make, given each shape's (run r of shape r % shapes). */
export function rowsOfRuns(perShape: readonly number[], runs: number): number {
  const cycle = perShape.reduce((sum, count) => sum + count, 0);
  const whole = Math.floor(runs / perShape.length);
  return whole * cycle + perShape.slice(0, runs - whole * perShape.length).reduce((sum, count) => sum + count, 0);
}

/** A run template: the Run row of a shape under a profile, its times in ms from the run's creation. */
export type RunTemplate = {
  status: RunStatus;
  task: string;
  profileName: string;
  provider: string;
  runtime: string;
  model: string;
  profile: Record<string, unknown>;
  turnCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  providerCostUsd: number | null;
  errorCount: number;
  errorKind: string | null;
  errorMessage: string | null;
  startMs: number;
  endMs: number;
};

export type TurnTemplate = {
  index: number;
  status: 'succeeded' | 'failed' | 'cancelled';
  finishReason: string | null;
  startMs: number;
  endMs: number;
  /** The error artifact a failed turn leaves (errors/turn_<n>.json): its kind and HTTP status. */
  artifactKind: string | null;
  artifactStatus: number | null;
};

/** A ProviderCall row of a template run: `seq` numbers the run's calls from 0; times in ms from the run's creation. */
export type CallTemplate = {
  seq: number;
  turnIndex: number;
  /** When its turn started (the turn's id is made from it). */
  turnStartMs: number;
  attempt: number;
  runtime: string;
  provider: string;
  profileName: string;
  modelRequested: string;
  modelServed: string | null;
  streamRequested: boolean;
  streamActual: boolean;
  streamStarted: boolean;
  fallbackReason: string | null;
  status: 'ok' | 'error';
  errorKind: string | null;
  httpStatus: number | null;
  finishReason: string | null;
  waitBeforeMs: number;
  retryAfterMs: number | null;
  cause: string | null;
  causeKind: string | null;
  offsetMs: number;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number;
  inputNoCacheTokens: number;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  outputTokens: number;
  reasoningTokens: number | null;
  costUsd: number | null;
  providerCostUsd: number | null;
};

export type Template = { run: RunTemplate; turns: TurnTemplate[]; calls: CallTemplate[] };

/** The HTTP status a failure of this kind answers with (null: none came, as for a cut connection). */
function httpStatusOf(kind: FailureKind | null, entry: SeedProfile): number | null {
  switch (kind) {
    case null:
      return 200;
    case 'rate_limit':
      return 429;
    case 'overloaded':
      return entry.runtime === 'anthropic-messages' ? 529 : 503;
    case 'server':
      return 502;
    case 'auth':
      return 401;
    case 'bad_request':
    case 'stream_unsupported':
      return 400;
    default:
      return null;
  }
}

const FALLBACK_REASON = 'HTTP 400: Your organization must be verified to stream this model.';
const RUN_START_MS = 20;

/** A shape under a profile: the run's row, its turns and its calls, with the profile's speed, reports and prices. */
export function instantiate(shape: RunShape, entry: SeedProfile): Template {
  const turns: TurnTemplate[] = [];
  const calls: CallTemplate[] = [];
  let clock = RUN_START_MS;
  let streamRefused = false;
  shape.turns.forEach((turn, index) => {
    const turnStart = clock;
    turn.attempts.forEach((plan, position) => {
      clock += Math.round(plan.waitBeforeMs);
      const latency = Math.max(1, Math.round(plan.latencyMs * entry.speed));
      const ok = plan.kind === null;
      const cacheWrite = entry.reportsCacheWrite ? plan.cacheWriteTokens : 0;
      const usage = ok
        ? {
            inputTokens: plan.inputTokens,
            inputNoCacheTokens: plan.inputTokens - plan.cacheReadTokens - cacheWrite,
            cacheReadTokens: entry.reportsCacheRead ? plan.cacheReadTokens : null,
            cacheWriteTokens: entry.reportsCacheWrite ? cacheWrite : null,
            outputTokens: plan.outputTokens,
            reasoningTokens: entry.reasoning === 'counted' ? plan.reasoningTokens : entry.reasoning === 'zero' ? 0 : null,
            costUsd: null,
          }
        : null;
      const cost = estimateCostUsd(entry.model, usage);
      if (plan.kind === 'stream_unsupported') streamRefused = true;
      calls.push({
        seq: calls.length,
        turnIndex: index,
        turnStartMs: turnStart,
        attempt: position + 1,
        runtime: entry.runtime,
        provider: entry.provider,
        profileName: entry.name,
        modelRequested: entry.model,
        modelServed: ok ? entry.model : null,
        streamRequested: shape.streamRequested,
        streamActual: plan.streamed,
        streamStarted: plan.started,
        fallbackReason: streamRefused && !plan.streamed ? FALLBACK_REASON : null,
        status: ok ? 'ok' : 'error',
        errorKind: plan.kind,
        httpStatus: httpStatusOf(plan.kind, entry),
        finishReason: ok ? (index === shape.turns.length - 1 ? 'stop' : 'tool_calls') : 'error',
        waitBeforeMs: Math.round(plan.waitBeforeMs),
        retryAfterMs: plan.retryAfterMs,
        cause: plan.cause,
        causeKind: plan.causeKind,
        offsetMs: clock,
        latencyMs: latency,
        ttftMs: plan.ttftMs === null ? null : Math.min(latency - 1, Math.max(1, Math.round(plan.ttftMs * entry.speed))),
        inputTokens: usage?.inputTokens ?? 0,
        inputNoCacheTokens: usage?.inputNoCacheTokens ?? 0,
        cacheReadTokens: usage?.cacheReadTokens ?? null,
        cacheWriteTokens: usage?.cacheWriteTokens ?? null,
        outputTokens: usage?.outputTokens ?? 0,
        reasoningTokens: usage?.reasoningTokens ?? null,
        costUsd: cost,
        providerCostUsd: cost !== null && entry.reportedCost !== null ? Math.round(cost * entry.reportedCost * 1e8) / 1e8 : null,
      });
      clock += latency;
    });
    const final = turn.attempts.at(-1);
    const interrupted = shape.status === 'interrupted' && index === shape.turns.length - 1;
    // A failed turn's last attempt failed (a cancel is no failure; an interrupted turn has no last attempt).
    const failedKind = !interrupted && final?.kind && final.kind !== 'cancelled' ? final.kind : null;
    turns.push({
      index,
      status: interrupted || failedKind ? 'failed' : final?.kind === 'cancelled' ? 'cancelled' : 'succeeded',
      finishReason: interrupted ? 'interrupted' : final?.kind ? 'error' : index === shape.turns.length - 1 ? 'stop' : 'tool_calls',
      startMs: turnStart,
      endMs: clock,
      artifactKind: failedKind,
      artifactStatus: failedKind ? httpStatusOf(failedKind, entry) : null,
    });
    clock += turn.gapAfterMs;
  });
  const priced = calls.filter((call) => call.costUsd !== null);
  const reported = calls.filter((call) => call.providerCostUsd !== null);
  const sum = (rows: CallTemplate[], pick: (call: CallTemplate) => number) => rows.reduce((total, call) => total + pick(call), 0);
  const failedTurns = turns.filter((turn) => turn.artifactKind);
  const errorKind =
    shape.status === 'interrupted'
      ? 'interrupted'
      : shape.status === 'cancelled'
        ? 'cancelled'
        : shape.status === 'failed'
          ? failedTurns.at(-1)!.artifactKind
          : null;
  return {
    run: {
      status: shape.status,
      task: TASKS[shape.taskIndex]!,
      profileName: entry.name,
      provider: entry.provider,
      runtime: entry.runtime,
      model: entry.model,
      profile: {
        name: entry.name,
        label: entry.name,
        provider: entry.provider,
        runtime: entry.runtime,
        model: entry.model,
        stream: shape.streamRequested,
        threading: 'stateless',
      },
      turnCount: turns.length,
      inputTokens: sum(calls, (call) => call.inputTokens),
      outputTokens: sum(calls, (call) => call.outputTokens),
      costUsd: priced.length ? Math.round(sum(priced, (call) => call.costUsd!) * 1e8) / 1e8 : null,
      providerCostUsd: reported.length ? Math.round(sum(reported, (call) => call.providerCostUsd!) * 1e8) / 1e8 : null,
      errorCount: failedTurns.length,
      errorKind,
      errorMessage:
        shape.status === 'interrupted'
          ? 'The worker running this run stopped (its heartbeat went stale).'
          : shape.status === 'failed'
            ? `The provider failed: ${errorKind}.`
            : null,
      startMs: RUN_START_MS,
      endMs: clock,
    },
    turns,
    calls,
  };
}
