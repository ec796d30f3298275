// `npm run seed:demo -- --runs 10000`: fills the database with a realistic history of Simulator
// runs (the four runtimes, retries, rate limits, streaming fallbacks, cache hits, failures, the
// rate-limit samples of their answers) over the last 30 days, with multi-row inserts. Demo runs
// say so in their task ("[demo] …").
import './lib/load-env-files.mjs';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { estimateCostUsd } from '../lib/config/pricing';
import { turnNumber } from '../lib/run-events/turn-number';
import { createDatabase } from '../lib/store/database';
import { ensureRunPartitions } from '../lib/store/run-partitions';
import { uuid7At } from '../lib/store/uuid7';
import { refreshTelemetryRollups } from '../lib/telemetry/rollups';
import { consoleDatabaseUrl } from './lib/console-database-url.mjs';

type Profile = { name: string; runtime: string; model: string };
const PROFILES: Profile[] = [
  { name: 'simulator-chat', runtime: 'openai-chat', model: 'sim-gpt' },
  { name: 'simulator-responses', runtime: 'openai-responses', model: 'sim-o-reasoner' },
  { name: 'simulator-anthropic', runtime: 'anthropic-messages', model: 'sim-claude' },
  { name: 'simulator-openrouter', runtime: 'openrouter', model: 'anthropic/sim-claude' },
];
/** What each runtime's rate-limit headers report (OpenRouter: only its own 429s), per dimension: the limit. */
const QUOTAS: Record<string, Array<[string, number]>> = {
  'openai-chat': [
    ['requests', 5000],
    ['tokens', 2_000_000],
  ],
  'openai-responses': [
    ['requests', 5000],
    ['tokens', 2_000_000],
  ],
  'anthropic-messages': [
    ['requests', 4000],
    ['input-tokens', 400_000],
    ['output-tokens', 80_000],
    ['tokens', 80_000],
  ],
  openrouter: [['requests', 20]],
};
/** A demo account per runtime (the shape of a key's fingerprint; no key behind it). */
const demoAccount = (runtime: string) => Buffer.from(`demo:${runtime}`).toString('hex').padEnd(16, '0').slice(0, 16);

const TASKS = [
  'Summarize README.md and list the open TODOs.',
  'Find where the retry policy is configured and explain it.',
  'Write a changelog entry for the last release.',
  'List the files in src/ and describe the architecture.',
  'Search for "deprecated" and propose replacements.',
];

let seed = 42;
function random(): number {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
const logNormal = (median: number, spread: number) => Math.round(median * Math.exp((random() + random() + random() - 1.5) * spread));

type Columns = Record<string, unknown[]>;

function push(columns: Columns, row: Record<string, unknown>) {
  for (const [key, value] of Object.entries(row)) (columns[key] ??= []).push(value);
}

async function insert(client: pg.Client, table: string, columns: Columns, types: Record<string, string>) {
  const names = Object.keys(columns);
  if (!names.length || !columns[names[0]!]!.length) return;
  const params = names.map((name) => columns[name]);
  const select = names.map((name, index) => `$${index + 1}::${types[name]}[]`).join(', ');
  await client.query(`INSERT INTO "${table}" (${names.map((name) => `"${name}"`).join(', ')}) SELECT * FROM unnest(${select})`, params);
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, days: { type: 'string', default: '30' } } });
  const total = Number(values.runs);
  const days = Number(values.days);
  if (!Number.isInteger(total) || total < 1 || total > 1_000_000) throw new Error('--runs takes a whole number from 1 to 1,000,000');
  const client = new pg.Client({ connectionString: consoleDatabaseUrl() });
  await client.connect();
  const started = Date.now();
  const now = Date.now();
  const batch = 2000;
  for (let offset = 0; offset < total; offset += batch) {
    const runs: Columns = {};
    const turns: Columns = {};
    const calls: Columns = {};
    const artifacts: Columns = {};
    const samples: Columns = {};
    for (let i = offset; i < Math.min(total, offset + batch); i++) {
      const profile = pick(PROFILES);
      // Denser recent history: squared distribution towards now.
      const createdAt = now - Math.floor(random() ** 2 * days * 86_400_000);
      // A run's id is a UUIDv7 of its creation: its rows go to that month's partitions (lib/store/run-partitions.ts).
      const runId = uuid7At(createdAt);
      const turnCount = 1 + Math.floor(random() * 4);
      let clock = createdAt + 50;
      let input = 0;
      let output = 0;
      let cost = 0;
      let errors = 0;
      let status = 'succeeded';
      let errorKind: string | null = null;
      for (let index = 0; index < turnCount; index++) {
        const turnId = randomUUID();
        const turnStart = clock;
        const roll = random();
        const attempts: { kind: string | null; status: number; streamed: boolean; fallback: string | null }[] = [];
        const stream = random() < 0.85;
        if (roll < 0.05) attempts.push({ kind: 'rate_limit', status: 429, streamed: stream, fallback: null });
        else if (roll < 0.07)
          attempts.push({
            kind: 'overloaded',
            status: profile.runtime === 'anthropic-messages' ? 529 : 503,
            streamed: stream,
            fallback: null,
          });
        let streamed = stream;
        let fallback: string | null = null;
        if (stream && random() < 0.03) {
          attempts.push({ kind: 'stream_unsupported', status: 400, streamed: true, fallback: null });
          streamed = false;
          fallback = 'HTTP 400: Your organization must be verified to stream this model.';
        }
        const fails = index === turnCount - 1 && random() < 0.03;
        attempts.push(
          fails
            ? { kind: pick(['server', 'network', 'rate_limit']), status: 502, streamed, fallback }
            : { kind: null, status: 200, streamed, fallback },
        );
        attempts.forEach((attempt, position) => {
          const wait =
            position === 0 ? 0 : attempt.kind === null && attempts[position - 1]?.kind === 'stream_unsupported' ? 0 : logNormal(1200, 0.6);
          clock += wait;
          const latency = attempt.kind ? logNormal(300, 0.5) : logNormal(profile.runtime === 'openai-responses' ? 4200 : 2200, 0.5);
          const ttft = attempt.kind ? null : Math.min(latency - 10, logNormal(attempt.streamed ? 450 : latency - 50, 0.4));
          const inputTokens = attempt.kind ? 0 : 800 + Math.floor(random() * 4000) + index * 600;
          const cacheRead = attempt.kind || index === 0 ? 0 : Math.floor(inputTokens * (0.4 + random() * 0.5));
          const cacheWrite = !attempt.kind && profile.runtime === 'anthropic-messages' && index === 0 ? Math.floor(inputTokens * 0.6) : 0;
          const outputTokens = attempt.kind ? 0 : 60 + Math.floor(random() * 700);
          const reasoningTokens = attempt.kind || profile.runtime === 'openai-chat' ? 0 : Math.floor(outputTokens * 0.4);
          const usage = attempt.kind
            ? null
            : {
                inputTokens,
                inputNoCacheTokens: inputTokens - cacheRead - cacheWrite,
                cacheReadTokens: cacheRead,
                cacheWriteTokens: cacheWrite,
                outputTokens,
                reasoningTokens,
                costUsd: null,
              };
          const callCost = estimateCostUsd(profile.model, usage) ?? 0;
          input += inputTokens;
          output += outputTokens;
          cost += callCost;
          push(calls, {
            id: randomUUID(),
            runId,
            turnId,
            attempt: position + 1,
            runtime: profile.runtime,
            provider: 'simulator',
            profileName: profile.name,
            modelRequested: profile.model,
            modelServed: attempt.kind ? null : profile.model,
            streamRequested: stream,
            streamActual: attempt.streamed,
            streamStarted: attempt.streamed && attempt.status >= 200 && attempt.status < 300,
            fallbackReason: attempt.fallback,
            status: attempt.kind ? 'error' : 'ok',
            errorKind: attempt.kind,
            httpStatus: attempt.status,
            finishReason: attempt.kind ? 'error' : index === turnCount - 1 ? 'stop' : 'tool_calls',
            waitBeforeMs: wait,
            retryAfterMs: attempt.kind === 'rate_limit' ? 1000 : null,
            startedAt: new Date(clock),
            firstTokenAt: ttft === null ? null : new Date(clock + ttft),
            endedAt: new Date(clock + latency),
            latencyMs: latency,
            ttftMs: ttft,
            inputTokens,
            inputNoCacheTokens: inputTokens - cacheRead - cacheWrite,
            // What each wire format reports: a failed attempt nothing, OpenAI no cache writes, Anthropic no reasoning tokens.
            cacheReadTokens: attempt.kind ? null : cacheRead,
            cacheWriteTokens:
              attempt.kind || profile.runtime === 'openai-chat' || profile.runtime === 'openai-responses' ? null : cacheWrite,
            outputTokens,
            reasoningTokens: attempt.kind || profile.runtime === 'anthropic-messages' ? null : reasoningTokens,
            costUsd: attempt.kind ? null : callCost,
          });
          // Rate-limit headers: headroom mostly comfortable, dipping before a 429, spent at it.
          const limited = attempt.kind === 'rate_limit';
          if (attempt.status < 500 && (profile.runtime !== 'openrouter' || limited)) {
            const headroom = limited ? 0 : 0.35 + 0.65 * random();
            for (const [dimension, limit] of QUOTAS[profile.runtime]!) {
              push(samples, {
                id: randomUUID(),
                runId,
                account: demoAccount(profile.runtime),
                runtime: profile.runtime,
                provider: 'simulator',
                model: profile.model,
                dimension,
                limit,
                remaining: Math.floor(limit * (dimension === 'requests' && !limited ? Math.max(headroom, 0.9) : headroom)),
                resetAt: new Date(clock + latency + (limited ? 1000 : logNormal(8000, 0.5))),
                observedAt: new Date(clock + (limited ? latency : (ttft ?? latency))),
                httpStatus: attempt.status,
              });
            }
          }
          clock += latency;
        });
        const final = attempts.at(-1)!;
        if (final.kind) {
          errors++;
          status = 'failed';
          errorKind = final.kind;
          push(artifacts, {
            id: randomUUID(),
            runId,
            turnId,
            turnIndex: index,
            kind: final.kind,
            httpStatus: final.status,
            payload: JSON.stringify({
              runId,
              turn: turnNumber(index),
              kind: final.kind,
              status: final.status,
              hint: 'Demo data: a provider failure.',
              bodySnippet: '<html><head><title>502 Bad Gateway</title></head>',
              attempts: attempts.length,
            }),
            createdAt: new Date(clock),
          });
        }
        push(turns, {
          id: turnId,
          runId,
          index,
          status: final.kind ? 'failed' : 'succeeded',
          finishReason: final.kind ? 'error' : index === turnCount - 1 ? 'stop' : 'tool_calls',
          startedAt: new Date(turnStart),
          finishedAt: new Date(clock),
        });
        clock += 30 + Math.floor(random() * 400);
      }
      push(runs, {
        id: runId,
        status,
        task: `[demo] ${pick(TASKS)}`,
        profileName: profile.name,
        provider: 'simulator',
        runtime: profile.runtime,
        model: profile.model,
        profile: JSON.stringify({
          name: profile.name,
          label: profile.name,
          provider: 'simulator',
          runtime: profile.runtime,
          model: profile.model,
          stream: true,
          threading: 'stateless',
        }),
        turnCount,
        inputTokens: input,
        outputTokens: output,
        costUsd: cost,
        errorCount: errors,
        errorKind,
        createdAt: new Date(createdAt),
        startedAt: new Date(createdAt + 20),
        finishedAt: new Date(clock),
        updatedAt: new Date(clock),
      });
    }
    await client.query('BEGIN');
    await insert(client, 'Run', runs, {
      id: 'uuid',
      status: '"RunStatus"',
      task: 'text',
      profileName: 'text',
      provider: 'text',
      runtime: 'text',
      model: 'text',
      profile: 'jsonb',
      turnCount: 'int',
      inputTokens: 'int',
      outputTokens: 'int',
      costUsd: 'numeric',
      errorCount: 'int',
      errorKind: 'text',
      createdAt: 'timestamptz',
      startedAt: 'timestamptz',
      finishedAt: 'timestamptz',
      updatedAt: 'timestamptz',
    });
    await insert(client, 'Turn', turns, {
      id: 'uuid',
      runId: 'uuid',
      index: 'int',
      status: '"TurnStatus"',
      finishReason: 'text',
      startedAt: 'timestamptz',
      finishedAt: 'timestamptz',
    });
    await insert(client, 'ProviderCall', calls, {
      id: 'uuid',
      runId: 'uuid',
      turnId: 'uuid',
      attempt: 'int',
      runtime: 'text',
      provider: 'text',
      profileName: 'text',
      modelRequested: 'text',
      modelServed: 'text',
      streamRequested: 'bool',
      streamActual: 'bool',
      streamStarted: 'bool',
      fallbackReason: 'text',
      status: '"CallStatus"',
      errorKind: 'text',
      httpStatus: 'int',
      finishReason: 'text',
      waitBeforeMs: 'int',
      retryAfterMs: 'int',
      startedAt: 'timestamptz',
      firstTokenAt: 'timestamptz',
      endedAt: 'timestamptz',
      latencyMs: 'int',
      ttftMs: 'int',
      inputTokens: 'int',
      inputNoCacheTokens: 'int',
      cacheReadTokens: 'int',
      cacheWriteTokens: 'int',
      outputTokens: 'int',
      reasoningTokens: 'int',
      costUsd: 'numeric',
    });
    await insert(client, 'RateLimitSample', samples, {
      id: 'uuid',
      runId: 'uuid',
      account: 'text',
      runtime: 'text',
      provider: 'text',
      model: 'text',
      dimension: 'text',
      limit: 'bigint',
      remaining: 'bigint',
      resetAt: 'timestamptz',
      observedAt: 'timestamptz',
      httpStatus: 'int',
    });
    await insert(client, 'ErrorArtifact', artifacts, {
      id: 'uuid',
      runId: 'uuid',
      turnId: 'uuid',
      turnIndex: 'int',
      kind: 'text',
      httpStatus: 'int',
      payload: 'jsonb',
      createdAt: 'timestamptz',
    });
    await client.query('COMMIT');
    process.stdout.write(`\r[seed:demo] ${Math.min(total, offset + batch)} / ${total} runs`);
  }
  await client.end();
  process.stdout.write(
    `\n[seed:demo] ${total} runs written in ${((Date.now() - started) / 1000).toFixed(1)} s; building the telemetry rollups …\n`,
  );
  // Wait out the settle time of other writers' in-flight transactions, then take the seed in.
  const settleMs = 2_000;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const db = createDatabase(consoleDatabaseUrl());
  try {
    // Months back that had no partition yet: their rows go from the default partitions to their own.
    const partitions = await ensureRunPartitions(db);
    if (partitions.created.length)
      process.stdout.write(`[seed:demo] partitions created: ${partitions.created.join(', ')}
`);
    const refresh = await refreshTelemetryRollups(db, { settleMs });
    process.stdout.write(
      refresh.skipped || !refresh.done
        ? `[seed:demo] rollups: ${refresh.skipped ? refresh.reason : 'partly built (another refresher took the lock)'}; a worker finishes them within a minute\n`
        : `[seed:demo] rollups built in ${(refresh.ms / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await db.$disconnect();
  }
  process.stdout.write(`[seed:demo] done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
