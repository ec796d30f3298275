// A realistic history of runs, generated inside Postgres in bulk (INSERT … SELECT generate_series):
// months of runs on several providers and models, each with its turns, its provider calls (retries
// after rate limits and overloads, streaming fallbacks, cut streams, failures, cancels, cache reads,
// costs) and the error artifacts of its failed turns — as the telemetry-scale and pages benches
// need them at the issue's sizes (10,000,000 calls; 1,000,000 runs) on a 2-core machine.
//
// Run r of R (in creation order) has the shape r % SHAPES of bench/history-shapes.ts and a profile
// picked by a hash of r; Postgres joins r with small template tables made from those shapes, so a
// run's turns and calls agree with its row without reading it back. Its id is a UUIDv7 of its
// creation time, so its rows land in their month's partitions (created before the load); traffic
// grows over the history (twice as many runs a day at its end as at its start).
//
// Loaded as Postgres' "Populating a Database" advises: secondary indexes dropped and rebuilt after
// the load (their definitions read from the catalogue, so they stay the schema's), foreign keys
// not checked row by row (session_replication_role = replica, as pg_restore --disable-triggers:
// the rows are made consistent), several connections at once, then VACUUM ANALYZE — the state
// autovacuum leaves an insert-only table in — and the telemetry rollups built as a worker's first
// refresh over that history builds them.
import pg from 'pg';
import { closeDatabase, createDatabase } from '@/lib/store/database';
import { addMonths, defaultPartitionName, ensureRunPartitions, monthStart, PARTITIONED_TABLES } from '@/lib/store/run-partitions';
import { refreshTelemetryRollups } from '@/lib/telemetry/rollups';
import { REPORT, type BenchFigure } from './figure';
import {
  callsPerShape,
  instantiate,
  makeShapes,
  profileSlots,
  rowsOfRuns,
  runsForCalls,
  SEED_PROFILES,
  type CallTemplate,
  type RunTemplate,
  type Template,
  type TurnTemplate,
} from './history-shapes';

export type HistorySize = { runs: number } | { calls: number };

export type SeededHistory = {
  days: number;
  runs: number;
  turns: number;
  calls: number;
  artifacts: number;
  /** The first and last run's creation. */
  from: Date;
  to: Date;
  /** Seconds: templates and partitions, the load, the index builds, VACUUM ANALYZE, the rollups (and their longest transaction). */
  seconds: { prepare: number; load: number; indexes: number; vacuum: number; rollups: number; longestRefresh: number };
};

/** Days of history by default: half a year. */
export const HISTORY_DAYS = 180;
/** Runs per statement (a chunk of the load: four statements, one per table). */
const CHUNK_RUNS = 20_000;
const CONNECTIONS = 2;
/** How much busier the end of the history is than its start (runs per day). */
const GROWTH = 2;
/** The tables loaded; their secondary indexes are rebuilt after the load. */
const LOADED_TABLES = ['Run', 'Turn', 'ProviderCall', 'ErrorArtifact'] as const;

const RUN_TEMPLATE = '"_bench_run_template"';
const TURN_TEMPLATE = '"_bench_turn_template"';
const CALL_TEMPLATE = '"_bench_call_template"';

type Column<T> = [name: keyof T & string, type: string];

const RUN_COLUMNS: Column<RunTemplate & { key: number }>[] = [
  ['key', 'int'],
  ['status', '"RunStatus"'],
  ['task', 'text'],
  ['profileName', 'text'],
  ['provider', 'text'],
  ['runtime', 'text'],
  ['model', 'text'],
  ['profile', 'jsonb'],
  ['turnCount', 'int'],
  ['inputTokens', 'int'],
  ['outputTokens', 'int'],
  ['costUsd', 'numeric'],
  ['providerCostUsd', 'numeric'],
  ['errorCount', 'int'],
  ['errorKind', 'text'],
  ['errorMessage', 'text'],
  ['startMs', 'int'],
  ['endMs', 'int'],
];

const TURN_COLUMNS: Column<TurnTemplate & { key: number }>[] = [
  ['key', 'int'],
  ['index', 'int'],
  ['status', '"TurnStatus"'],
  ['finishReason', 'text'],
  ['startMs', 'int'],
  ['endMs', 'int'],
  ['artifactKind', 'text'],
  ['artifactStatus', 'int'],
];

const CALL_COLUMNS: Column<CallTemplate & { key: number }>[] = [
  ['key', 'int'],
  ['seq', 'int'],
  ['turnIndex', 'int'],
  ['turnStartMs', 'int'],
  ['attempt', 'int'],
  ['runtime', 'text'],
  ['provider', 'text'],
  ['profileName', 'text'],
  ['modelRequested', 'text'],
  ['modelServed', 'text'],
  ['streamRequested', 'bool'],
  ['streamActual', 'bool'],
  ['streamStarted', 'bool'],
  ['fallbackReason', 'text'],
  ['status', '"CallStatus"'],
  ['errorKind', 'text'],
  ['httpStatus', 'int'],
  ['finishReason', 'text'],
  ['waitBeforeMs', 'int'],
  ['retryAfterMs', 'int'],
  ['cause', 'text'],
  ['causeKind', 'text'],
  ['offsetMs', 'int'],
  ['latencyMs', 'int'],
  ['ttftMs', 'int'],
  ['inputTokens', 'int'],
  ['inputNoCacheTokens', 'int'],
  ['cacheReadTokens', 'int'],
  ['cacheWriteTokens', 'int'],
  ['outputTokens', 'int'],
  ['reasoningTokens', 'int'],
  ['costUsd', 'numeric'],
  ['providerCostUsd', 'numeric'],
];

/** Creates a template table and fills it with `rows` (one statement: arrays unnested). */
async function loadTemplate<T>(client: pg.Client, table: string, columns: Column<T>[], rows: T[]): Promise<void> {
  await client.query(`CREATE UNLOGGED TABLE ${table} (${columns.map(([name, type]) => `"${name}" ${type}`).join(', ')})`);
  await client.query(
    `INSERT INTO ${table} SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`,
    columns.map(([name, type]) =>
      rows.map((row) => {
        const value = row[name];
        return type === 'jsonb' && value !== null ? JSON.stringify(value) : value;
      }),
    ),
  );
}

/** A UUIDv7 of the millisecond `ms` (SQL), unique by `serial` (its last 60 bits; the 12-bit counter its low bits). */
export function uuid7Sql(ms: string, serial: string): string {
  return `(lpad(to_hex(${ms}), 12, '0') || '7' || lpad(to_hex((${serial}) % 4096), 3, '0') || '8' || lpad(to_hex(${serial}), 15, '0'))::uuid`;
}

const timestampSql = (ms: string) => `(timestamptz 'epoch' + (${ms}) * interval '1 millisecond')`;

/** A uniform number in [0, 1) from a hash of `value` (SQL): the same in every statement. */
const hashUnitSql = (value: string) => `((hashint8(${value})::float8 + 2147483648) / 4294967296)`;

/**
 * Runs `first`..`last` of `total` (SQL, alias `g`): r, its creation (ms), its template key (shape
 * r % shapes, profile by a hash of r) and `s`, its pace (0.75–1.25: its times scaled by it).
 */
function runSeriesSql(
  first: number,
  last: number,
  total: number,
  fromMs: number,
  spanMs: number,
  shapes: number,
  profiles: number,
): string {
  const a = (GROWTH - 1) / 2;
  // Traffic rising linearly from 1 to GROWTH over the span: the inverse of its cumulative share.
  const position =
    a === 0 ? `((r::float8 + 0.5) / ${total})` : `((sqrt(1 + ${4 * a * (1 + a)} * (r::float8 + 0.5) / ${total}) - 1) / ${2 * a})`;
  return `(SELECT r, ${fromMs}::bigint + round(${spanMs}::float8 * ${position})::bigint AS ms,
      (r % ${shapes})::int * ${profiles} + (ARRAY[${profileSlots().join(',')}])[1 + ((hashint8(r)::bigint + 2147483648) % 100)::int] AS key,
      0.75 + 0.5 * ${hashUnitSql(`r + 4000000000`)} AS s
    FROM generate_series(${first}::bigint, ${last}::bigint) AS r) AS g`;
}

/** When (ms, SQL) a time `offset` ms into run g happens. */
const atSql = (offset: string) => `g.ms + round(${offset} * g.s)::bigint`;

function loadStatements(series: string): string[] {
  const runId = uuid7Sql('g.ms', 'g.r');
  const turnId = (startMs: string, index: string) => uuid7Sql(atSql(startMs), `g.r * 32 + ${index}`);
  // Every time of a call is a point of the run scaled by its pace (so none passes its turn's end); durations are their differences.
  const callStart = timestampSql(atSql('c."offsetMs"'));
  const firstToken = '(c."offsetMs" + c."ttftMs")';
  const end = '(c."offsetMs" + c."latencyMs")';
  return [
    `INSERT INTO "Run" ("id", "status", "task", "profileName", "provider", "runtime", "model", "profile", "turnCount", "inputTokens", "outputTokens",
       "costUsd", "providerCostUsd", "errorCount", "errorKind", "errorMessage", "createdAt", "startedAt", "finishedAt", "updatedAt")
     SELECT ${runId}, t."status", t."task", t."profileName", t."provider", t."runtime", t."model", t."profile", t."turnCount", t."inputTokens",
       t."outputTokens", t."costUsd", t."providerCostUsd", t."errorCount", t."errorKind", t."errorMessage", ${timestampSql('g.ms')},
       ${timestampSql(atSql('t."startMs"'))}, ${timestampSql(atSql('t."endMs"'))}, ${timestampSql(atSql('t."endMs"'))}
     FROM ${series} JOIN ${RUN_TEMPLATE} AS t ON t."key" = g.key`,
    `INSERT INTO "Turn" ("id", "runId", "index", "status", "finishReason", "startedAt", "finishedAt")
     SELECT ${turnId('t."startMs"', 't."index"')}, ${runId}, t."index", t."status", t."finishReason",
       ${timestampSql(atSql('t."startMs"'))}, ${timestampSql(atSql('t."endMs"'))}
     FROM ${series} JOIN ${TURN_TEMPLATE} AS t ON t."key" = g.key`,
    `INSERT INTO "ErrorArtifact" ("id", "runId", "turnId", "turnIndex", "kind", "httpStatus", "payload", "createdAt")
     SELECT ${uuid7Sql(atSql('t."endMs"'), 'g.r * 32 + t."index"')}, ${runId}, ${turnId('t."startMs"', 't."index"')}, t."index", t."artifactKind",
       t."artifactStatus", jsonb_build_object('runId', ${runId}, 'turn', t."index" + 1, 'kind', t."artifactKind", 'status', t."artifactStatus",
         'hint', 'Seeded by the bench: a provider failure.'), ${timestampSql(atSql('t."endMs"'))}
     FROM ${series} JOIN ${TURN_TEMPLATE} AS t ON t."key" = g.key AND t."artifactKind" IS NOT NULL`,
    `INSERT INTO "ProviderCall" ("id", "runId", "turnId", "attempt", "runtime", "provider", "profileName", "modelRequested", "modelServed",
       "streamRequested", "streamActual", "streamStarted", "fallbackReason", "status", "errorKind", "httpStatus", "finishReason", "waitBeforeMs",
       "retryAfterMs", "cause", "causeKind", "startedAt", "firstTokenAt", "endedAt", "latencyMs", "ttftMs", "inputTokens", "inputNoCacheTokens",
       "cacheReadTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "costUsd", "providerCostUsd", "recordedAt")
     SELECT ${uuid7Sql(atSql('c."offsetMs"'), 'g.r * 256 + c."seq"')}, ${runId}, ${turnId('c."turnStartMs"', 'c."turnIndex"')}, c."attempt",
       c."runtime", c."provider", c."profileName", c."modelRequested", c."modelServed", c."streamRequested", c."streamActual", c."streamStarted",
       c."fallbackReason", c."status", c."errorKind", c."httpStatus", c."finishReason", c."waitBeforeMs", c."retryAfterMs", c."cause", c."causeKind",
       ${callStart}, ${timestampSql(atSql(firstToken))}, ${timestampSql(atSql(end))}, (${atSql(end)}) - (${atSql('c."offsetMs"')}),
       (${atSql(firstToken)}) - (${atSql('c."offsetMs"')}), c."inputTokens", c."inputNoCacheTokens", c."cacheReadTokens",
       c."cacheWriteTokens", c."outputTokens", c."reasoningTokens", c."costUsd", c."providerCostUsd", ${timestampSql(atSql(end))}
     FROM ${series} JOIN ${CALL_TEMPLATE} AS c ON c."key" = g.key`,
  ];
}

type IndexDefinition = { name: string; definition: string };

/** The secondary indexes of the loaded tables that no constraint needs (a foreign key's referenced unique index stays). */
async function droppableIndexes(client: pg.Client): Promise<IndexDefinition[]> {
  const { rows } = await client.query<IndexDefinition>(
    `SELECT quote_ident(index.relname) AS "name", pg_get_indexdef(i.indexrelid) AS "definition"
     FROM pg_index AS i JOIN pg_class AS index ON index.oid = i.indexrelid JOIN pg_class AS t ON t.oid = i.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1) AND NOT i.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)`,
    [LOADED_TABLES],
  );
  return rows;
}

/** Runs `work` over `items` on CONNECTIONS connections of their own (each set up by `setup`). */
async function onConnections<T>(databaseUrl: string, items: T[], setup: string[], work: (client: pg.Client, item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONNECTIONS, items.length) }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const statement of setup) await client.query(statement);
        while (next < items.length) await work(client, items[next++]!);
      } finally {
        await client.end();
      }
    }),
  );
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/**
 * Seeds `size` (runs, or at least that many provider calls in whole runs) over the `days` before
 * `now` into a migrated database with no runs yet, and builds the telemetry rollups. Prints a
 * progress line every tenth of the load.
 */
export async function seedHistory(
  databaseUrl: string,
  size: HistorySize,
  options: { days?: number; now?: Date; log?: (line: string) => void } = {},
): Promise<SeededHistory> {
  const log = options.log ?? ((line: string) => console.log(`[bench]   ${line}`));
  const now = options.now ?? new Date();
  const shapes = makeShapes();
  const perShape = callsPerShape(shapes);
  const { runs } = 'runs' in size ? size : runsForCalls(perShape, size.calls);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`a history needs at least one run (got ${runs})`);
  const templates: Template[] = shapes.flatMap((shape) => SEED_PROFILES.map((entry) => instantiate(shape, entry)));
  // The last run ends before now, at the slowest pace.
  const longest = Math.max(...templates.map((template) => template.run.endMs)) * 1.25;
  const toMs = now.getTime() - Math.ceil(longest) - 1000;
  const days = options.days ?? HISTORY_DAYS;
  const spanMs = days * 86_400_000;
  const fromMs = toMs - spanMs;

  const started = performance.now();
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const db = createDatabase(databaseUrl);
  try {
    const existing = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM "Run" LIMIT 1) AS any_run');
    if (existing.rows[0]!.n) throw new Error('seedHistory loads into a database without runs');
    const keyed = <T>(pick: (template: Template) => T[]) =>
      templates.flatMap((template, key) => pick(template).map((row) => ({ key, ...row })));
    await loadTemplate(
      admin,
      RUN_TEMPLATE,
      RUN_COLUMNS,
      keyed((template) => [template.run]),
    );
    await loadTemplate(
      admin,
      TURN_TEMPLATE,
      TURN_COLUMNS,
      keyed((template) => template.turns),
    );
    await loadTemplate(
      admin,
      CALL_TEMPLATE,
      CALL_COLUMNS,
      keyed((template) => template.calls),
    );
    await admin.query(`ANALYZE ${RUN_TEMPLATE}, ${TURN_TEMPLATE}, ${CALL_TEMPLATE}`);
    // Every month of the history gets its partitions before a row is written (the default partitions stay empty).
    for (let month = monthStart(new Date(fromMs)); month <= now; month = addMonths(month, 1))
      await ensureRunPartitions(db, { now: month, monthsAhead: 0 });
    await ensureRunPartitions(db, { now });
    const indexes = await droppableIndexes(admin);
    for (const index of indexes) await admin.query(`DROP INDEX ${index.name}`);
    const prepare = seconds(started);

    const loadStarted = performance.now();
    const chunks = Array.from({ length: Math.ceil(runs / CHUNK_RUNS) }, (_, chunk) => chunk);
    const totalCalls = rowsOfRuns(perShape, runs);
    let doneRuns = 0;
    let reported = 0;
    await onConnections(
      databaseUrl,
      chunks,
      ['SET synchronous_commit = off', 'SET session_replication_role = replica'],
      async (client, chunk) => {
        const first = chunk * CHUNK_RUNS;
        const last = Math.min(runs, first + CHUNK_RUNS) - 1;
        const series = runSeriesSql(first, last, runs, fromMs, spanMs, shapes.length, SEED_PROFILES.length);
        for (const statement of loadStatements(series)) await client.query(statement);
        doneRuns += last - first + 1;
        const tenth = Math.floor((doneRuns / runs) * 10);
        if (tenth > reported) {
          reported = tenth;
          const calls = rowsOfRuns(perShape, doneRuns);
          log(
            `seeding: ${doneRuns.toLocaleString('en')} / ${runs.toLocaleString('en')} runs, ${calls.toLocaleString('en')} / ${totalCalls.toLocaleString('en')} calls (${Math.round(calls / ((performance.now() - loadStarted) / 1000)).toLocaleString('en')} calls/s)`,
          );
        }
      },
    );
    const load = seconds(loadStarted);
    for (const table of PARTITIONED_TABLES) {
      const stray = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${defaultPartitionName(table)}"`);
      if (stray.rows[0]!.n) throw new Error(`${stray.rows[0]!.n} seeded rows landed in ${defaultPartitionName(table)}, not in their month`);
    }

    const indexesStarted = performance.now();
    log(`seeding: building ${indexes.length} indexes …`);
    // Built on the partitioned table, an index is built on every partition ("ON ONLY" would build none).
    await onConnections(databaseUrl, indexes, ["SET maintenance_work_mem = '256MB'"], (client, index) =>
      client.query(index.definition.replace(' ON ONLY ', ' ON ')).then(() => undefined),
    );
    const indexSeconds = seconds(indexesStarted);
    const vacuumStarted = performance.now();
    log('seeding: VACUUM ANALYZE …');
    await admin.query(`VACUUM (ANALYZE) ${LOADED_TABLES.map((table) => `"${table}"`).join(', ')}`);
    const vacuum = seconds(vacuumStarted);
    for (const table of [RUN_TEMPLATE, TURN_TEMPLATE, CALL_TEMPLATE]) await admin.query(`DROP TABLE ${table}`);

    const rollupsStarted = performance.now();
    log('seeding: building the telemetry rollups from scratch, a week a step …');
    // As a worker's first refresh over an existing history (or its first after a metric's definition
    // changed) builds them: a transaction a week of calls (lib/telemetry/rollup-build.ts); up to now,
    // the load has committed (no settle time).
    const refresh = await refreshTelemetryRollups(db, { now, settleMs: 0 });
    if (refresh.skipped || !refresh.done) throw new Error(`the rollups were not built: ${JSON.stringify(refresh)}`);
    const rollups = seconds(rollupsStarted);
    const longestRefresh = Math.round(refresh.longestStepMs / 100) / 10;
    const turnsPerShape = shapes.map((shape) => shape.turns.length);
    const artifactsPerShape = templates
      .filter((_, key) => key % SEED_PROFILES.length === 0)
      .map((template) => template.turns.filter((turn) => turn.artifactKind).length);
    const history: SeededHistory = {
      days,
      runs,
      turns: rowsOfRuns(turnsPerShape, runs),
      calls: totalCalls,
      artifacts: rowsOfRuns(artifactsPerShape, runs),
      from: new Date(fromMs),
      to: new Date(toMs),
      seconds: { prepare, load, indexes: indexSeconds, vacuum, rollups, longestRefresh },
    };
    log(
      `seeded ${rowsOf(history).toLocaleString('en')} rows in ${seedSeconds(history)} s: templates and partitions ${prepare} s, load ${load} s ` +
        `(${Math.round(rowsOf(history) / load).toLocaleString('en')} rows/s), indexes ${indexSeconds} s, VACUUM ANALYZE ${vacuum} s; rollups ${rollups} s (${refresh.steps} transactions, the longest ${longestRefresh} s)`,
    );
    return history;
  } finally {
    await closeDatabase(db);
    await admin.end();
  }
}

/** Every row seeded: runs, turns, provider calls, error artifacts. */
const rowsOf = (history: SeededHistory) => history.runs + history.turns + history.calls + history.artifacts;

/** The seed's time without the rollups: templates, partitions, load, indexes, VACUUM ANALYZE. */
const seedSeconds = (history: SeededHistory) =>
  Math.round((history.seconds.prepare + history.seconds.load + history.seconds.indexes + history.seconds.vacuum) * 10) / 10;

/** What a bench reports of its seed (measured once, while preparing): its time, its rate, the rollups' build apart. */
export function seedingFigures(bench: string, history: SeededHistory): BenchFigure[] {
  const count = (value: number) => value.toLocaleString('en');
  return [
    {
      name: `${bench}: seeding ${count(history.runs)} runs, ${count(history.calls)} provider calls over ${history.days} days`,
      value: seedSeconds(history),
      unit: 's',
      target: REPORT,
    },
    {
      name: `${bench}: seeding rate (runs, turns, calls, artifacts; the whole seed)`,
      value: Math.round(rowsOf(history) / seedSeconds(history)),
      unit: 'rows/s',
      target: REPORT,
    },
    {
      name: `${bench}: building the rollups from scratch (a worker's first refresh)`,
      value: history.seconds.rollups,
      unit: 's',
      target: REPORT,
    },
    { name: `${bench}: its longest transaction (a week of calls)`, value: history.seconds.longestRefresh, unit: 's', target: REPORT },
  ];
}

/** A size from the environment (a whole number ≥ 1; `_` and `,` allowed as separators), else `fallback`. */
export function countFromEnv(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const count = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name}: a whole number, 1 or more (got ${text})`);
  return count;
}
