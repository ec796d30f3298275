import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/lib/store/generated/prisma/client';
import type { RunStatus } from '@/lib/run-events/schema';
import type { Database } from '@/lib/store/database';
import { decodeCursor, encodeCursor, type RunCursor } from './list-runs';
import { taskPreview } from './format';

/**
 * `/compare` and `GET /api/comparisons`: comparisons newest first, keyset-paginated on
 * (createdAt DESC, id DESC) like the runs list (index `Comparison(createdAt desc, id)`, no OFFSET),
 * each with its member runs in column order and their total cost.
 */

export const DEFAULT_COMPARISON_PAGE_SIZE = 25;
export const MAX_COMPARISON_PAGE_SIZE = 100;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const comparisonListParamsSchema = z.object({
  cursor: z.preprocess(
    blankToUndefined,
    z
      .string({ message: 'cursor must be given once' })
      .transform((value, context) => {
        const cursor = decodeCursor(value);
        if (!cursor) {
          context.addIssue({ code: 'custom', message: 'cursor is not one this list produced (follow the “Older comparisons” link)' });
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
      .max(MAX_COMPARISON_PAGE_SIZE, `limit is at most ${MAX_COMPARISON_PAGE_SIZE}`)
      .default(DEFAULT_COMPARISON_PAGE_SIZE),
  ),
});

export type ComparisonListParams = z.output<typeof comparisonListParamsSchema>;

/** Validates `cursor` and `limit` (a URLSearchParams or Next's `searchParams`); other names are ignored. */
export function parseComparisonListParams(
  input: URLSearchParams | Record<string, string | string[] | undefined>,
): { ok: true; params: ComparisonListParams } | { ok: false; message: string; issues: { param: string; message: string }[] } {
  const entries =
    input instanceof URLSearchParams ? [...new Set(input.keys())].map((key) => [key, input.getAll(key)] as const) : Object.entries(input);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined) raw[key] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  const parsed = comparisonListParamsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, params: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({ param: issue.path.map(String).join('.') || 'query', message: issue.message }));
  return { ok: false, issues, message: `Invalid parameter: ${issues.map((issue) => issue.message).join('; ')}.` };
}

export type ComparisonListItem = {
  id: string;
  /** `profiles` (one task on several profiles) or `lineage` (a fork or replay beside its parent). */
  kind: string;
  task: string;
  createdAt: string;
  members: { runId: string; profileName: string; model: string; status: RunStatus }[];
  /** The members' estimated cost added up; null when none had a price (unknown, not $0). */
  costUsd: number | null;
  /** What the providers reported, added up; null when none did. */
  providerCostUsd: number | null;
};

export type ComparisonListPage = {
  comparisons: ComparisonListItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** Null on the first page; else the page before (its cursor, null when that is the first page). */
  newerPage: { cursor: string | null } | null;
};

const before = (cursor: RunCursor): Prisma.ComparisonWhereInput => ({
  AND: [
    { createdAt: { lte: cursor.createdAt } },
    { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] },
  ],
});

const atOrAfter = (cursor: RunCursor): Prisma.ComparisonWhereInput => ({
  AND: [
    { createdAt: { gte: cursor.createdAt } },
    { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gte: cursor.id } }] },
  ],
});

const sumOrNull = (values: (Prisma.Decimal | null)[]) =>
  values.some((value) => value !== null) ? values.reduce<number>((sum, value) => sum + (value === null ? 0 : Number(value)), 0) : null;

export async function listComparisons(db: Database, params: ComparisonListParams): Promise<ComparisonListPage> {
  const [rows, newerPage] = await Promise.all([
    db.comparison.findMany({
      where: params.cursor ? before(params.cursor) : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: params.limit + 1,
      select: {
        id: true,
        kind: true,
        task: true,
        createdAt: true,
        members: {
          orderBy: { position: 'asc' },
          select: { run: { select: { id: true, profileName: true, model: true, status: true, costUsd: true, providerCostUsd: true } } },
        },
      },
    }),
    params.cursor ? newerPageCursor(db, params.cursor, params.limit) : Promise.resolve(null),
  ]);
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  return {
    comparisons: page.map((row) => {
      const runs = row.members.map((member) => member.run);
      return {
        id: row.id,
        kind: row.kind,
        task: taskPreview(row.task),
        createdAt: row.createdAt.toISOString(),
        members: runs.map((run) => ({ runId: run.id, profileName: run.profileName, model: run.model, status: run.status })),
        costUsd: sumOrNull(runs.map((run) => run.costUsd)),
        providerCostUsd: sumOrNull(runs.map((run) => run.providerCostUsd)),
      };
    }),
    nextCursor: rows.length > params.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    newerPage,
  };
}

/** The page before this one ends at the cursor row: `limit + 1` rows read upward from it give its own cursor. */
async function newerPageCursor(db: Database, cursor: RunCursor, limit: number): Promise<{ cursor: string | null }> {
  const rows = await db.comparison.findMany({
    where: atOrAfter(cursor),
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
    select: { id: true, createdAt: true },
  });
  const above = rows.length > limit ? rows[limit]! : null;
  return { cursor: above ? encodeCursor({ createdAt: above.createdAt, id: above.id }) : null };
}
