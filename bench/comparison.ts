import { randomUUID } from 'node:crypto';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '@/e2e/support/chromium';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema, type ProviderProfileInput } from '@/lib/config/profile-schema';
import { getComparisonView } from '@/lib/runs/comparison-view';
import { startComparison } from '@/lib/runs/comparisons';
import { startQueue } from '@/lib/runs/run-queue';
import { parseSse } from '@/lib/runs/sse';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { percentile } from '@/lib/store/provider-call-rows';
import type { Message } from '@/lib/providers/core/types';
import { finishedSimulatorRun } from '@/test/finished-simulator-run';
import { checkStreams, listenForNotifies, round, spawnSimulator, spawnWorker, stopProcess, type StreamResult } from './live-streams';
import { atMost, below, exactly, REPORT, type BenchFigure, type PreparedBench } from './figure';

/** Two more Simulator profiles beside the four built-in ones: six members, each on its own profile. */
const EXTRA_PROFILES: ProviderProfileInput[] = [
  {
    name: 'bench-sim-chat-mini',
    label: 'Bench · Simulator Chat (mini)',
    provider: 'simulator',
    runtime: 'openai-chat',
    model: 'sim-gpt-mini',
  },
  {
    name: 'bench-sim-responses-low',
    label: 'Bench · Simulator Responses (low effort)',
    provider: 'simulator',
    runtime: 'openai-responses',
    model: 'sim-o-reasoner-low',
    reasoning: { effort: 'low', summary: 'auto' },
  },
];
const PROFILES = [...BUILTIN_PROFILES, ...EXTRA_PROFILES].map((profile) => providerProfileSchema.parse(profile));
const COMPARED = [
  'simulator-chat',
  'simulator-responses',
  'simulator-anthropic',
  'simulator-openrouter',
  'bench-sim-chat-mini',
  'bench-sim-responses-low',
];
const PAGE_TURNS = 20;
const DATA_READS = 10;
const PAGE_LOADS = 5;

/**
 * A 6-way comparison, as the comparison page watches it and loads it.
 * Live: one task (five turns: four rounds of tool calls, then the answer; streamed) started on six
 * Simulator profiles as one comparison, followed as the page follows it — ONE client on
 * GET /api/comparisons/[id]/events from before the runs start — while ONE `npm run worker` runs
 * all six at once against the simulator in a process of its own (25 ms between chunks). Delay:
 * RunEvent.createdAt → the client has it, as in the concurrency bench.
 * Load: six runs of 20 turns seeded as rows, one comparison of them (once, before the passes);
 * GET /compare/[id] in Chromium until the aligned table's last turn and the six answers are drawn
 * (p95 of 5 after a warm-up), and the page's data read alone (getComparisonView).
 */
export async function prepareComparison(databaseUrl: string, base: string): Promise<PreparedBench> {
  const db = createDatabase(databaseUrl);
  let comparisonId: string;
  try {
    comparisonId = await seedComparison(db, COMPARED.length, PAGE_TURNS);
  } finally {
    await closeDatabase(db);
  }
  return { pass: async () => [...(await live(databaseUrl, base)), ...(await pageLoad(databaseUrl, base, comparisonId))] };
}

/** The page's view of a comparison: GET /api/comparisons/[id]/events until `event: end`, per member every seq and its delay. */
async function followComparison(base: string, comparisonId: string, runIds: string[], signal: AbortSignal): Promise<StreamResult[]> {
  const results = new Map(runIds.map((runId) => [runId, { runId, seqs: [], delays: [], end: null, error: null } as StreamResult]));
  try {
    const response = await fetch(`${base}/api/comparisons/${comparisonId}/events`, { signal, headers: { accept: 'text/event-stream' } });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const receivedAt = Date.now();
      buffer += decoder.decode(value, { stream: true });
      const cut = buffer.lastIndexOf('\n\n');
      if (cut < 0) continue;
      const complete = buffer.slice(0, cut + 2);
      buffer = buffer.slice(cut + 2);
      for (const message of parseSse(complete)) {
        if (message.event === 'end') return [...results.values()];
        const data = JSON.parse(message.data) as { runId: string; seq?: number; createdAt?: string; status?: string | null };
        const result = results.get(data.runId)!;
        if (message.event === 'run-end') result.end = data.status ?? null;
        else {
          result.seqs.push(data.seq!);
          result.delays.push(receivedAt - Date.parse(data.createdAt!));
        }
      }
    }
    throw new Error('the stream closed before its end');
  } catch (error) {
    for (const result of results.values()) result.error = error instanceof Error ? error.message : String(error);
  }
  return [...results.values()];
}

async function live(databaseUrl: string, base: string): Promise<BenchFigure[]> {
  const db = createDatabase(databaseUrl);
  const simulator = await spawnSimulator();
  try {
    const boss = await startQueue(databaseUrl, (error) => console.error(`[bench] queue: ${error.message}`));
    const started = await startComparison(
      {
        profileNames: COMPARED,
        task: 'Bench comparison: list_files, then report. [[tool-rounds:4]]',
        options: { tools: ['list_files', 'read_file'], maxTurns: 8 },
      },
      { db, boss, profiles: PROFILES },
    );
    await boss.stop({ graceful: false, wait: true });
    if (!started.ok) throw new Error(`startComparison: ${JSON.stringify(started)}`);
    const listener = await listenForNotifies(databaseUrl);
    const abort = new AbortController();
    const stream = followComparison(base, started.comparisonId, started.runIds, abort.signal);
    // The client is attached (it has the queued runs' first events) before the worker starts.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const began = performance.now();
    const worker = await spawnWorker(databaseUrl, COMPARED.length);
    const timeout = setTimeout(() => abort.abort(), 300_000);
    const results = await stream;
    const seconds = (performance.now() - began) / 1000;
    clearTimeout(timeout);
    await stopProcess(worker);
    const { lost, duplicated, reordered, unfinished, delays } = await checkStreams(db, results);
    const notifyDelays = await listener.delays(db, started.runIds);
    await listener.stop();
    const p95 = percentile(delays, 95);
    console.log(
      `[bench] comparison: ${started.runIds.length} runs, ${delays.length} events on one comparison stream in ${seconds.toFixed(1)} s`,
    );
    const name = 'comparison 6-way live:';
    return [
      {
        name: `${name} runs succeeded (6 profiles × 5 turns, one worker)`,
        value: COMPARED.length - unfinished,
        unit: 'runs',
        target: exactly(COMPARED.length),
      },
      {
        name: `${name} events lost, duplicated or out of order on the comparison stream (per run)`,
        value: lost + duplicated + reordered,
        unit: 'events',
        target: exactly(0),
      },
      {
        name: `${name} chunk → comparison stream client delay p50`,
        value: round(percentile(delays, 50)),
        unit: 'ms',
        target: REPORT,
      },
      {
        name: `${name} chunk → comparison stream client delay p95`,
        value: round(p95),
        unit: 'ms',
        target: atMost(250),
      },
      {
        name: `${name} of which chunk → committed + NOTIFY p95 (worker side)`,
        value: round(percentile(notifyDelays, 95)),
        unit: 'ms',
        target: REPORT,
      },
      { name: `${name} all runs done in`, value: Math.round(seconds * 10) / 10, unit: 's', target: REPORT },
    ];
  } finally {
    simulator.kill('SIGTERM');
    await closeDatabase(db);
  }
}

async function pageLoad(databaseUrl: string, base: string, comparisonId: string): Promise<BenchFigure[]> {
  const db = createDatabase(databaseUrl);
  try {
    const view = await getComparisonView(db, comparisonId); // warm-up
    if (view?.turns.length !== PAGE_TURNS) throw new Error(`the seeded comparison reads as ${view?.turns.length} turns`);
    const reads: number[] = [];
    for (let read = 0; read < DATA_READS; read++) {
      const began = performance.now();
      JSON.stringify(await getComparisonView(db, comparisonId));
      reads.push(performance.now() - began);
    }
    const loads = await loadPage(`${base}/compare/${comparisonId}`);
    const page = percentile(loads, 95)!;
    const name = `comparison page: 6 runs × ${PAGE_TURNS} turns,`;
    return [
      {
        name: `${name} /compare/[id] loaded and drawn (p95 of ${PAGE_LOADS})`,
        value: Math.round(page),
        unit: 'ms',
        target: below(1000),
      },
      {
        name: `${name} of which its data read (getComparisonView) p95 of ${DATA_READS}`,
        value: round(percentile(reads, 95)),
        unit: 'ms',
        target: REPORT,
      },
    ];
  } finally {
    await closeDatabase(db);
  }
}

/** The page in Chromium until the aligned table's last turn and every final answer are drawn, the first load a warm-up. */
async function loadPage(url: string): Promise<number[]> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const times: number[] = [];
    for (let load = 0; load <= PAGE_LOADS; load++) {
      const began = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      await page.locator(`[data-testid="aligned-table"] tr[data-turn="${PAGE_TURNS - 1}"]`).waitFor();
      await page.waitForFunction((count) => document.querySelectorAll('[data-testid="final-answer"]').length === count, COMPARED.length);
      if (load > 0) times.push(performance.now() - began);
    }
    return times;
  } finally {
    await browser.close();
  }
}

/**
 * `runs` finished Simulator runs of `turns` turns each — a write_file call per turn but the last,
 * which answers; a retried attempt every fifth turn; their messages and run logs — and one
 * comparison of them, written as rows.
 */
async function seedComparison(db: Database, runs: number, turns: number): Promise<string> {
  const runIds: string[] = [];
  const started = Date.now() - 60_000;
  for (let member = 0; member < runs; member++) {
    const profile = PROFILES.find((candidate) => candidate.name === COMPARED[member])!;
    const run = await db.run.create({
      data: {
        ...finishedSimulatorRun(`[bench] comparison page, ${turns} turns`),
        profileName: profile.name,
        runtime: profile.runtime,
        model: profile.model,
        startedAt: new Date(started),
        finishedAt: new Date(started + 30_000 + member * 1_000),
        turnCount: turns,
        inputTokens: turns * 1_200,
        outputTokens: turns * 80,
        costUsd: 0.002 * turns,
      },
    });
    runIds.push(run.id);
    const turnIds = Array.from({ length: turns }, () => randomUUID());
    await db.turn.createMany({
      data: turnIds.map((id, index) => ({
        id,
        runId: run.id,
        index,
        status: 'succeeded' as const,
        finishReason: index === turns - 1 ? 'stop' : 'tool_calls',
        startedAt: new Date(started + index * 1_000),
        finishedAt: new Date(started + index * 1_000 + 900),
      })),
    });
    await db.providerCall.createMany({
      data: turnIds.flatMap((turnId, index) =>
        Array.from({ length: index % 5 === 0 ? 2 : 1 }, (_, attempt) => ({
          runId: run.id,
          turnId,
          attempt: attempt + 1,
          runtime: profile.runtime,
          provider: 'simulator',
          profileName: profile.name,
          modelRequested: profile.model,
          modelServed: profile.model,
          streamRequested: true,
          streamActual: true,
          streamStarted: attempt === 1 || index % 5 !== 0,
          status: (index % 5 === 0 && attempt === 0 ? 'error' : 'ok') as 'error' | 'ok',
          errorKind: index % 5 === 0 && attempt === 0 ? 'rate_limit' : null,
          cause: attempt === 1 ? 'retry' : null,
          startedAt: new Date(started + index * 1_000 + attempt * 300),
          latencyMs: 600 + member * 40,
          ttftMs: 150 + member * 10,
          inputTokens: 1_200,
          inputNoCacheTokens: 400,
          cacheReadTokens: 800,
          cacheWriteTokens: member % 2 ? 0 : null,
          outputTokens: 80,
          costUsd: 0.002,
        })),
      ),
    });
    await db.toolCall.createMany({
      data: turnIds.slice(0, -1).map((turnId, index) => ({
        runId: run.id,
        turnId,
        providerCallId: `call_${index}`,
        name: 'write_file',
        rawArguments: JSON.stringify({ path: `notes/${index}.md`, content: 'x'.repeat(400) }),
        arguments: { path: `notes/${index}.md`, content: 'x'.repeat(400) },
        result: { ok: true, path: `notes/${index}.md`, bytes_written: 400, created: true },
        durationMs: 3,
        startedAt: new Date(started + index * 1_000 + 700),
      })),
    });
    const conversation: Message[] = [
      { role: 'system', content: 'You are an agent working in a sandboxed workspace.' },
      { role: 'user', content: [{ type: 'text', text: 'Write the notes, then summarize them.' }] },
      ...turnIds.flatMap((_, index): Message[] =>
        index === turns - 1
          ? [
              {
                role: 'assistant',
                content: [{ type: 'text', text: `Summary from ${profile.name}: ${'words '.repeat(150 + member * 10)}` }],
              },
            ]
          : [
              {
                role: 'assistant',
                content: [
                  {
                    type: 'tool-call',
                    id: `call_${index}`,
                    name: 'write_file',
                    arguments: { path: `notes/${index}.md` },
                    rawArguments: '{}',
                  },
                ],
              },
              {
                role: 'tool',
                content: [{ type: 'tool-result', toolCallId: `call_${index}`, toolName: 'write_file', output: { ok: true } }],
              },
            ],
      ),
    ];
    await db.message.createMany({
      data: conversation.map((message, position) => ({
        runId: run.id,
        turnId: position < 2 ? null : turnIds[Math.floor((position - 2) / 2)]!,
        position,
        role: message.role,
        content: message as object,
      })),
    });
    // The run's log, as the conductor writes it: the page replays each member's current (last) turn.
    type LoggedEvent = { type: string; payload: object };
    const log: LoggedEvent[] = [
      { type: 'status', payload: { status: 'running', workerId: 'bench', resumed: false } },
      ...turnIds.flatMap((turnId, index): LoggedEvent[] => [
        { type: 'turn-start', payload: { index, turnId, profile: profile.name, model: profile.model, fallback: false } },
        ...(index === turns - 1
          ? [{ type: 'text-delta', payload: { text: `Summary from ${profile.name}: ${'words '.repeat(150 + member * 10)}` } }]
          : [
              { type: 'tool-call', payload: { id: `call_${index}`, name: 'write_file', arguments: { path: `notes/${index}.md` } } },
              { type: 'tool-result', payload: { id: `call_${index}`, name: 'write_file', ok: true, result: { ok: true } } },
            ]),
        { type: 'finish', payload: { finishReason: index === turns - 1 ? 'stop' : 'tool_calls' } },
      ]),
      { type: 'status', payload: { status: 'succeeded' } },
    ];
    await db.runEvent.createMany({
      data: log.map((event, seq) => ({ runId: run.id, seq, ...event, createdAt: new Date(started + seq * 100) })),
    });
  }
  const comparison = await db.comparison.create({
    data: {
      kind: 'profiles',
      task: `[bench] comparison page, ${turns} turns`,
      members: { create: runIds.map((runId, position) => ({ runId, position })) },
    },
  });
  return comparison.id;
}
