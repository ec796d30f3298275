import 'server-only';
import { z } from 'zod';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { RUN_ERROR_KINDS } from './error-kinds';
import { taskPreview } from './format';
import { RUN_STATUSES, type RunStatus } from '@/lib/run-events/schema';

/**
 * The runs list: filters from the URL (validated here, once, for the page and the JSON API) and a
 * keyset-paginated query on (createdAt DESC, id DESC) — no OFFSET, so page 500 costs what page 1 does.
 *
 * Two ways to filter, chosen by the presence of `from` / `to`:
 * - without a window, `provider` / `model` / `hasErrors` / `errorKind` describe the run
 *   (errorKind: the run has a ProviderCall or an ErrorArtifact of that kind);
 * - with a window (what the telemetry charts link to), the list shows runs that made provider calls
 *   whose `startedAt` lies in [from, to) (half-open, like the telemetry buckets), and `provider` / `model` (the model requested) /
 *   `errorKind` / `hasErrors` (a failed call) describe that same call. A run created before the
 *   window but calling into it is listed; a run that never made a call is not.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function text(name: string, max: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ message: `${name} must be given once, as text` })
      .trim()
      .max(max, `${name} is at most ${max} characters`)
      .optional(),
  );
}

function timestamp(name: string) {
  return z.preprocess(
    blankToUndefined,
    z.iso
      .datetime({ offset: true, message: `${name} must be an ISO timestamp such as 2025-01-31T12:00:00Z` })
      .transform((value) => new Date(value))
      .optional(),
  );
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export type RunCursor = { createdAt: Date; id: string };

export function encodeCursor(cursor: RunCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}_${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): RunCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const match = CURSOR_PATTERN.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}

export const runListParamsSchema = z
  .object({
    provider: text('provider', 100),
    model: text('model', 200),
    status: z.preprocess(blankToUndefined, z.enum(RUN_STATUSES, { message: `status is one of ${RUN_STATUSES.join(', ')}` }).optional()),
    hasErrors: z.preprocess(
      blankToUndefined,
      z
        .enum(['1', '0', 'true', 'false'], { message: 'hasErrors is 1 (only runs with errors) or 0' })
        .transform((value) => value === '1' || value === 'true')
        .optional(),
    ),
    errorKind: z.preprocess(
      blankToUndefined,
      z
        .enum(RUN_ERROR_KINDS, {
          error: (issue) =>
            typeof issue.input === 'string'
              ? `errorKind is one of ${RUN_ERROR_KINDS.join(', ')} (not “${issue.input.slice(0, 40)}”)`
              : 'errorKind must be given once',
        })
        .optional(),
    ),
    from: timestamp('from'),
    to: timestamp('to'),
    cursor: z.preprocess(
      blankToUndefined,
      z
        .string({ message: 'cursor must be given once' })
        .transform((value, context) => {
          const cursor = decodeCursor(value);
          if (!cursor) {
            context.addIssue({ code: 'custom', message: 'cursor is not one this list produced (follow the “Older runs” link)' });
            return z.NEVER;
          }
          return cursor;
        })
        .optional(),
    ),
    limit: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ message: 'limit is a number' })
        .int('limit is a whole number')
        .min(1, 'limit is at least 1')
        .max(MAX_PAGE_SIZE, `limit is at most ${MAX_PAGE_SIZE}`)
        .default(DEFAULT_PAGE_SIZE),
    ),
  })
  .refine((params) => !params.from || !params.to || params.from.getTime() <= params.to.getTime(), {
    message: 'from must not be after to',
    path: ['from'],
  });

export type RunListParams = z.output<typeof runListParamsSchema>;

export type ParsedRunListParams =
  { ok: true; params: RunListParams } | { ok: false; message: string; issues: { param: string; message: string }[] };

type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** Validates URL query parameters (Next's `searchParams` object or a URLSearchParams). Unknown names are ignored. */
export function parseRunListParams(input: SearchParamsInput): ParsedRunListParams {
  const raw: Record<string, string | string[]> = {};
  if (input instanceof URLSearchParams) {
    for (const key of new Set(input.keys())) {
      const values = input.getAll(key);
      raw[key] = values.length === 1 ? values[0]! : values;
    }
  } else {
    for (const [key, value] of Object.entries(input)) if (value !== undefined) raw[key] = value;
  }
  const parsed = runListParamsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, params: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({ param: issue.path.map(String).join('.') || 'query', message: issue.message }));
  return { ok: false, issues, message: `Invalid filter: ${issues.map((issue) => issue.message).join('; ')}.` };
}

export type RunListItem = {
  id: string;
  status: RunStatus;
  task: string;
  profileName: string;
  provider: string;
  runtime: string;
  model: string;
  turnCount: number;
  inputTokens: number;
  outputTokens: number;
  /** Our estimate; null when no attempt had a price. */
  costUsd: number | null;
  errorCount: number;
  errorKind: string | null;
  /** Set for a run loaded with `npm run import` (a read-only archive): the id it had where it was recorded. */
  importedFromId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** finishedAt − startedAt; for a run still going, now − startedAt. */
  durationMs: number | null;
};

export type CallWindow = {
  from: string | null;
  to: string | null;
  provider: string | null;
  model: string | null;
  errorKind: string | null;
  failedCallsOnly: boolean;
};

export type RunListPage = {
  runs: RunListItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** Set when from/to select runs by their provider calls (see the module comment). */
  callWindow: CallWindow | null;
};

export function buildRunWhere(params: RunListParams): Prisma.RunWhereInput {
  const and: Prisma.RunWhereInput[] = [];
  if (params.status) and.push({ status: params.status });
  if (params.from || params.to) {
    // Half-open [from, to), as the telemetry queries bucket calls: a chart point links to exactly its calls.
    const call: Prisma.ProviderCallWhereInput = {
      startedAt: { ...(params.from ? { gte: params.from } : {}), ...(params.to ? { lt: params.to } : {}) },
    };
    if (params.provider) call.provider = params.provider;
    if (params.model) call.modelRequested = params.model;
    if (params.errorKind) call.errorKind = params.errorKind;
    if (params.hasErrors) call.status = 'error';
    and.push({ providerCalls: { some: call } });
    // A call starts after its run was created: runs created at or after `to` cannot match (prunes the scan).
    if (params.to) and.push({ createdAt: { lt: params.to } });
  } else {
    if (params.provider) and.push({ provider: params.provider });
    if (params.model) and.push({ model: params.model });
    if (params.hasErrors) and.push({ OR: [{ errorCount: { gt: 0 } }, { errorKind: { not: null } }] });
    if (params.errorKind) {
      and.push({
        OR: [{ providerCalls: { some: { errorKind: params.errorKind } } }, { errorArtifacts: { some: { kind: params.errorKind } } }],
      });
    }
  }
  if (params.cursor) {
    const { createdAt, id } = params.cursor;
    and.push({ createdAt: { lte: createdAt } });
    and.push({ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] });
  }
  return and.length ? { AND: and } : {};
}

/** The list's order: newest first, ties broken by id (the keyset of its cursor). */
const NEWEST_FIRST: Prisma.RunOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

export async function listRuns(db: Database, params: RunListParams, now: Date = new Date()): Promise<RunListPage> {
  const rows = await db.run.findMany({
    where: buildRunWhere(params),
    orderBy: NEWEST_FIRST,
    take: params.limit + 1,
    select: {
      id: true,
      status: true,
      task: true,
      profileName: true,
      provider: true,
      runtime: true,
      model: true,
      turnCount: true,
      inputTokens: true,
      outputTokens: true,
      costUsd: true,
      errorCount: true,
      errorKind: true,
      importedFromId: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
  });
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const windowed = !!(params.from || params.to);
  return {
    runs: page.map((row) => ({
      ...row,
      task: taskPreview(row.task),
      costUsd: row.costUsd === null ? null : Number(row.costUsd),
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      durationMs: row.startedAt ? (row.finishedAt ?? now).getTime() - row.startedAt.getTime() : null,
    })),
    nextCursor: rows.length > params.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    callWindow: windowed
      ? {
          from: params.from?.toISOString() ?? null,
          to: params.to?.toISOString() ?? null,
          provider: params.provider ?? null,
          model: params.model ?? null,
          errorKind: params.errorKind ?? null,
          failedCallsOnly: !!params.hasErrors,
        }
      : null,
  };
}

/** Counting stops here: "1,000+" is as precise as a list of runs needs, and it stays a few ms at 100k runs. */
export const COUNT_CAP = 1000;

export type RunListNavigation = {
  /** The runs matching the filters (all pages), counted up to COUNT_CAP; `atLeast` when there are more. */
  total: { count: number; atLeast: boolean };
  /**
   * Null on the first page. On a later page, the page before it (newer runs): its `cursor`, or null
   * when that page is the first one (link to the list without a cursor).
   */
  newerPage: { cursor: string | null } | null;
};

/**
 * What the pager says around a page of `listRuns`: a capped count of the matching runs and the way
 * back to the newer page. Both are keyset reads like the page itself (no OFFSET, no full count):
 * the count reads the matching runs newest first, as the list does, and stops at COUNT_CAP + 1 (in
 * id order — Prisma's default for a count with `take` — it read every older run first; a call
 * window's count: countCallWindow); the newer page is found by reading `limit + 1` rows upward
 * from the cursor (the cursor row is the last row of the page before).
 */
export async function runListNavigation(db: Database, params: RunListParams): Promise<RunListNavigation> {
  const unpaged = { ...params, cursor: undefined };
  const [count, newerPage] = await Promise.all([
    params.from || params.to
      ? countCallWindow(db, unpaged)
      : db.run.count({ where: buildRunWhere(unpaged), orderBy: NEWEST_FIRST, take: COUNT_CAP + 1 }),
    params.cursor ? newerPageCursor(db, params, params.cursor) : Promise.resolve(null),
  ]);
  return { total: { count: Math.min(count, COUNT_CAP), atLeast: count > COUNT_CAP }, newerPage };
}

/** How many of the newest runs a call window's count looks at one by one before it counts from the calls instead. */
const WINDOW_PROBES = 5 * COUNT_CAP;

/**
 * The count of a call window (buildRunWhere's window: the runs with a call in [from, to) that
 * matches, up to COUNT_CAP + 1), in SQL of its own, in at most two steps that each cost what the
 * window holds, never what the history holds:
 * 1. the newest WINDOW_PROBES runs created before `to` (of that status), each looked up in its own
 *    month's calls (an `EXISTS (… OFFSET 0)` stays a probe per run, pruned as it runs): more than
 *    COUNT_CAP of them match in a busy window — the last day at 1,000,000 runs: ~2 ms;
 * 2. otherwise, exactly, from the window's calls (their `startedAt` index in every month): the
 *    distinct runs among them — the last hour, a chart's bucket, a filtered window: a few ms.
 * With Prisma's `some` the planner, pricing a probe at every month's index, hashed every call of
 * the window and read every run: ~400 ms for the last day at 1,000,000 runs, growing with the runs.
 */
async function countCallWindow(db: Database, params: RunListParams): Promise<number> {
  const at = (value: Date) => Prisma.sql`${value.toISOString()}::timestamptz`;
  const call: Prisma.Sql[] = [];
  if (params.from) call.push(Prisma.sql`c."startedAt" >= ${at(params.from)}`);
  if (params.to) call.push(Prisma.sql`c."startedAt" < ${at(params.to)}`);
  if (params.provider) call.push(Prisma.sql`c."provider" = ${params.provider}`);
  if (params.model) call.push(Prisma.sql`c."modelRequested" = ${params.model}`);
  if (params.errorKind) call.push(Prisma.sql`c."errorKind" = ${params.errorKind}`);
  if (params.hasErrors) call.push(Prisma.sql`c."status" = 'error'`);
  const callWhere = Prisma.join(call, ' AND ');
  // A call starts after its run was created: runs created at or after `to` cannot match.
  const run: Prisma.Sql[] = [Prisma.sql`true`];
  if (params.status) run.push(Prisma.sql`r."status" = ${params.status}::"RunStatus"`);
  if (params.to) run.push(Prisma.sql`r."createdAt" < ${at(params.to)}`);
  const runWhere = Prisma.join(run, ' AND ');
  const [newest] = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" FROM (
      SELECT 1 FROM (
        SELECT r."id" FROM "Run" AS r WHERE ${runWhere} ORDER BY r."createdAt" DESC, r."id" DESC LIMIT ${WINDOW_PROBES}
      ) AS r
      WHERE EXISTS (SELECT 1 FROM "ProviderCall" AS c WHERE c."runId" = r."id" AND ${callWhere} OFFSET 0) LIMIT ${COUNT_CAP + 1}
    ) AS matching`;
  if ((newest?.count ?? 0) > COUNT_CAP) return newest!.count;
  const [all] = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" FROM (
      SELECT 1 FROM (SELECT DISTINCT c."runId" FROM "ProviderCall" AS c WHERE ${callWhere}) AS called
        JOIN "Run" AS r ON r."id" = called."runId"
      WHERE ${runWhere} LIMIT ${COUNT_CAP + 1}
    ) AS matching`;
  return all?.count ?? 0;
}

async function newerPageCursor(db: Database, params: RunListParams, cursor: RunCursor): Promise<{ cursor: string | null }> {
  const where = buildRunWhere({ ...params, cursor: undefined });
  const atOrAbove: Prisma.RunWhereInput = {
    AND: [
      where,
      { createdAt: { gte: cursor.createdAt } },
      { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gte: cursor.id } }] },
    ],
  };
  const rows = await db.run.findMany({
    where: atOrAbove,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: params.limit + 1,
    select: { id: true, createdAt: true },
  });
  // The page before ends at the cursor row; the row just above that page is its own cursor.
  const above = rows.length > params.limit ? rows[params.limit]! : null;
  return { cursor: above ? encodeCursor({ createdAt: above.createdAt, id: above.id }) : null };
}
