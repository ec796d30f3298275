import { z } from 'zod';
import { RUN_STATUSES } from '@/lib/run-events/schema';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './export-bundle';

/**
 * The run bundle (`switchboard.run-bundle`, version 1) as `exportRunBundle` writes it, checked
 * before anything is imported. Unknown keys are dropped (a bundle written before a field existed,
 * or with one this instance does not keep, still imports); missing or mistyped ones are errors.
 */

const INT4_MAX = 2_147_483_647;
const count = z.int().min(0).max(INT4_MAX);
const int4 = z
  .int()
  .min(-INT4_MAX - 1)
  .max(INT4_MAX);
const timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO timestamp' });
const json = z.json();
const jsonObject = z.record(z.string(), json);
const text = z.string();
const short = z.string().max(1000);

const TURN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;

/** Message parts: known fields checked, the rest (e.g. a tool call's `itemId`) kept as they are. */
const textPart = z.looseObject({ type: z.literal('text'), text });
const imagePart = z.looseObject({ type: z.literal('image'), url: text, mediaType: short.optional() });
const toolCallPart = z.looseObject({ type: z.literal('tool-call'), id: short, name: short, arguments: jsonObject, rawArguments: text });
/** Shareable reasoning: exactly these fields: opaque content (`encrypted`, `signature`, `details`) is dropped, never imported. */
const reasoningPart = z.object({
  type: z.literal('reasoning'),
  runtime: short.nullable(),
  text: text.nullable(),
  encryptedBytes: count,
  signatureBytes: count,
  redacted: z.boolean(),
});
const toolResultPart = z.looseObject({
  type: z.literal('tool-result'),
  toolCallId: short,
  toolName: short,
  output: json,
  isError: z.boolean().optional(),
});

export const bundleMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: text }),
  z.looseObject({ role: z.literal('user'), content: z.array(z.discriminatedUnion('type', [textPart, imagePart])) }),
  z.looseObject({ role: z.literal('assistant'), content: z.array(z.discriminatedUnion('type', [textPart, toolCallPart, reasoningPart])) }),
  z.object({ role: z.literal('tool'), content: z.array(toolResultPart) }),
]);

const runSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.enum(RUN_STATUSES),
  task: text,
  profileName: short,
  provider: short,
  runtime: short,
  model: short,
  options: jsonObject,
  turnCount: count,
  inputTokens: count,
  outputTokens: count,
  costUsd: z.number().min(0).max(999_999).nullable(),
  providerCostUsd: z.number().min(0).max(999_999).nullable().default(null),
  errorCount: count,
  errorKind: short.nullable(),
  errorMessage: text.nullable(),
  resumeCount: count,
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  // Absent in bundles written before provenance was exported.
  importedFromId: z.string().min(1).max(200).nullable().optional(),
  importedAt: timestamp.nullable().optional(),
});

const turnSchema = z.object({
  index: count,
  status: z.enum(TURN_STATUSES),
  finishReason: short.nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});

const transcriptEntrySchema = z.object({
  position: count,
  turnIndex: count.nullable(),
  message: bundleMessageSchema,
  createdAt: timestamp,
});

const providerCallSchema = z.object({
  turnIndex: count,
  attempt: int4,
  runtime: short,
  provider: short,
  profileName: short,
  modelRequested: short,
  modelServed: short.nullable(),
  streamRequested: z.boolean(),
  streamActual: z.boolean(),
  /** Bundles written before it existed: derived on import as the migration derives it (a 2xx streaming attempt). */
  streamStarted: z.boolean().optional(),
  fallbackReason: text.nullable(),
  status: z.enum(['ok', 'error']),
  errorKind: short.nullable(),
  httpStatus: int4.nullable(),
  requestId: short.nullable(),
  responseId: short.nullable(),
  finishReason: short.nullable(),
  waitBeforeMs: int4,
  retryAfterMs: int4.nullable(),
  startedAt: timestamp,
  firstTokenAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  latencyMs: int4.nullable(),
  ttftMs: int4.nullable(),
  outputTokensPerSec: z.number().nullable(),
  interChunkGapP95Ms: z.number().nullable(),
  inputTokens: int4,
  inputNoCacheTokens: int4,
  cacheReadTokens: int4.nullable(),
  cacheWriteTokens: int4.nullable(),
  outputTokens: int4,
  reasoningTokens: int4.nullable(),
  costUsd: z.number().min(0).max(999_999).nullable(),
  providerCostUsd: z.number().min(0).max(999_999).nullable().default(null),
  rateLimit: jsonObject.nullable(),
  /** Bundles written before the fallback audit lack these three. */
  cause: short.nullable().default(null),
  causeKind: short.nullable().default(null),
  chainState: json.nullable().default(null),
});

const toolCallSchema = z.object({
  turnIndex: count,
  providerCallId: short,
  name: short,
  rawArguments: text,
  arguments: json,
  validationErrors: json,
  result: json,
  isError: z.boolean(),
  durationMs: int4.nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});

const reasoningSchema = z.object({
  turnIndex: count,
  provider: short,
  itemId: short.nullable(),
  summary: text.nullable(),
  encryptedBytes: count,
  signatureBytes: count,
  redacted: z.boolean(),
  // Absent in bundles written before it was exported: the turn's start is used then.
  createdAt: timestamp.optional(),
});

const errorArtifactSchema = z.object({
  turnIndex: count,
  kind: short,
  httpStatus: int4.nullable(),
  file: short,
  payload: json,
  createdAt: timestamp.optional(),
});

const eventSchema = z.object({ seq: count, type: z.string().min(1).max(100), payload: json, createdAt: timestamp });

export const runBundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    exportedAt: timestamp,
    run: runSchema,
    profile: jsonObject,
    turns: z.array(turnSchema),
    transcript: z.array(transcriptEntrySchema),
    providerCalls: z.array(providerCallSchema),
    toolCalls: z.array(toolCallSchema),
    reasoning: z.array(reasoningSchema),
    errorArtifacts: z.array(errorArtifactSchema),
    events: z.array(eventSchema),
  })
  .superRefine((bundle, context) => {
    const turns = new Set<number>();
    bundle.turns.forEach((turn, index) => {
      if (turns.has(turn.index))
        context.addIssue({ code: 'custom', path: ['turns', index, 'index'], message: `turn index ${turn.index} appears twice` });
      turns.add(turn.index);
    });
    const unique = (list: 'transcript' | 'events', key: 'position' | 'seq', values: number[]) => {
      const seen = new Set<number>();
      values.forEach((value, index) => {
        if (seen.has(value)) context.addIssue({ code: 'custom', path: [list, index, key], message: `${key} ${value} appears twice` });
        seen.add(value);
      });
    };
    unique(
      'transcript',
      'position',
      bundle.transcript.map((entry) => entry.position),
    );
    unique(
      'events',
      'seq',
      bundle.events.map((event) => event.seq),
    );
    const refers = (list: 'transcript' | 'providerCalls' | 'toolCalls' | 'reasoning', entries: { turnIndex: number | null }[]) =>
      entries.forEach((entry, index) => {
        if (entry.turnIndex !== null && !turns.has(entry.turnIndex)) {
          context.addIssue({
            code: 'custom',
            path: [list, index, 'turnIndex'],
            message: `refers to turn ${entry.turnIndex}, which the bundle does not have`,
          });
        }
      });
    refers('transcript', bundle.transcript);
    refers('providerCalls', bundle.providerCalls);
    refers('toolCalls', bundle.toolCalls);
    refers('reasoning', bundle.reasoning);
  });

export type ParsedRunBundle = z.output<typeof runBundleSchema>;

export type BundleCheck = { ok: true; bundle: ParsedRunBundle } | { ok: false; message: string; issues: string[] };

const MAX_LISTED_ISSUES = 10;

/**
 * Checks a parsed JSON document. The format and version are checked first, so a file that is not a
 * run bundle (or a newer one) says so instead of listing every field it lacks.
 */
export function checkRunBundle(document: unknown): BundleCheck {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    return { ok: false, message: 'Not a run bundle: the file is not a JSON object.', issues: [] };
  }
  const { format, version } = document as { format?: unknown; version?: unknown };
  if (format !== BUNDLE_FORMAT) {
    return {
      ok: false,
      message: `Not a run bundle: format is ${JSON.stringify(format ?? null)}, expected "${BUNDLE_FORMAT}".`,
      issues: [],
    };
  }
  if (version !== BUNDLE_VERSION) {
    return {
      ok: false,
      message: `Unsupported bundle version ${JSON.stringify(version ?? null)}: this instance reads version ${BUNDLE_VERSION}.`,
      issues: [],
    };
  }
  const parsed = runBundleSchema.safeParse(document);
  if (parsed.success) return { ok: true, bundle: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(bundle)'}: ${issue.message}`);
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  if (issues.length > listed.length) listed.push(`… and ${issues.length - listed.length} more`);
  return { ok: false, message: `The bundle is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}).`, issues: listed };
}
