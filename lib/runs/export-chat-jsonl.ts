import 'server-only';
import { z } from 'zod';
import type { Message } from '@/lib/providers/core/types';
import type { Database } from '@/lib/store/database';
import { toolDefinitions } from '@/lib/tools/registry';
import { encodeCursor, buildRunWhere, type RunListParams } from './list-runs';
import { toChatExample } from './openai-chat-example';

/**
 * Runs as OpenAI chat JSONL: one line per run, `{"messages": […], "tools": […]}` (see
 * openai-chat-example.ts). `tools` are the definitions of the built-in tools the run was offered,
 * as this version of Switchboard defines them.
 */

export const JSONL_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

const runToolOptions = z.object({ tools: z.array(z.string()), allowCommands: z.boolean().default(false) });

/** One run's line (with its trailing newline), or null for an unknown run. */
export async function runChatJsonlLine(db: Database, runId: string): Promise<string | null> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { options: true } });
  if (!run) return null;
  const [messages, toolCalls] = await Promise.all([
    db.message.findMany({ where: { runId }, orderBy: { position: 'asc' }, select: { content: true } }),
    db.toolCall.findMany({
      where: { runId },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      select: { providerCallId: true, name: true, rawArguments: true },
    }),
  ]);
  const options = runToolOptions.safeParse(run.options);
  const tools = options.success
    ? toolDefinitions({ allowCommands: options.data.allowCommands }).filter((tool) => options.data.tools.includes(tool.name))
    : [];
  const example = toChatExample(
    messages.map((row) => row.content as unknown as Message),
    { tools, recordedToolCalls: toolCalls },
  );
  return `${JSON.stringify(example)}\n`;
}

/**
 * The runs of a runs-list query (same filters, same order: newest first), one line each, at most
 * `params.limit` of them. `nextCursor` continues after the last one (null when there are no more).
 */
export async function runsChatJsonl(
  db: Database,
  params: RunListParams,
): Promise<{ runIds: string[]; nextCursor: string | null; lines: () => AsyncGenerator<string> }> {
  const rows = await db.run.findMany({
    where: buildRunWhere(params),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: params.limit + 1,
    select: { id: true, createdAt: true },
  });
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const runIds = page.map((row) => row.id);
  return {
    runIds,
    nextCursor: rows.length > params.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    async *lines() {
      for (const id of runIds) {
        const line = await runChatJsonlLine(db, id);
        // A run deleted since the list was read is skipped.
        if (line) yield line;
      }
    },
  };
}

/** A streamed JSONL download. */
export function jsonlAttachment(
  lines: AsyncIterable<string> | Iterable<string>,
  filename: string,
  headers: Record<string, string> = {},
): Response {
  const iterator = (async function* () {
    yield* lines;
  })();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': JSONL_CONTENT_TYPE,
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}
