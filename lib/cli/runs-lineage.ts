import 'server-only';
import type PgBoss from 'pg-boss';
import { comparisonCsv } from '@/lib/runs/comparison-csv';
import { getComparisonView } from '@/lib/runs/comparison-view';
import { compareRunOn, startComparison, type ComparisonResult } from '@/lib/runs/comparisons';
import { forkRun } from '@/lib/runs/fork-run';
import type { RunCommandRefusal } from '@/lib/runs/parent-run';
import { replayRun } from '@/lib/runs/replay-run';
import { startQueue } from '@/lib/runs/run-queue';
import { isTerminalStatus } from '@/lib/runs/run-status';
import type { Database } from '@/lib/store/database';
import type { Colors } from './colors';
import { formatComparison } from './comparison-table';
import { comparisonPageUrl, runPageUrl } from './console-links';
import type { LineageCommand } from './runs-lineage-args';
import { terminalJson, terminalSafe, terminalSafeText } from './terminal-safe';

export type LineageIo = {
  db: Database;
  databaseUrl: string;
  /** `embedded`: a Postgres this command started, so no worker serves its queue. */
  databaseKind: 'external' | 'console' | 'embedded';
  env: Record<string, string | undefined>;
  colors: Colors;
  out(text: string): void;
  err(text: string): void;
  /** Follows a run like `tail` (its exit code). */
  follow(runId: string): Promise<number>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** How often `compare --follow` looks at its runs. */
  pollMs?: number;
};

/** `compare`, `fork` and `replay`: prints a comparison, or starts one, a fork or a replay (exit code as RUNS_USAGE says). */
export async function runLineageCommand(command: LineageCommand, io: LineageIo): Promise<number> {
  if (command.command === 'compare') return printComparison(command.comparisonId, command.format, io);
  if (command.follow && io.databaseKind === 'embedded') {
    io.err('--follow needs a worker on this database: start the console (npm start) first, or leave out --follow.\n');
    return 2;
  }
  switch (command.command) {
    case 'compare-start':
    case 'compare-run': {
      const result = await withQueue(io, (deps) =>
        command.command === 'compare-start' ? startComparison(command.input, deps) : compareRunOn(command.runId, command.input, deps),
      );
      if (!result.ok) return refused(result, io);
      const profiles = command.command === 'compare-start' ? command.input.profileNames : [null, ...command.input.profileNames];
      announceComparison(result, profiles, command.json, io);
      return command.follow ? await waitForComparison(result, command.json, io) : 0;
    }
    case 'fork':
    case 'replay': {
      const result = await withQueue(io, (deps) =>
        command.command === 'fork' ? forkRun(command.runId, command.input, deps) : replayRun(command.runId, command.input, deps),
      );
      if (!result.ok) return refused(result, io);
      const url = runPageUrl(io.env, result.runId);
      if (command.json) io.out(`${terminalJson({ runId: result.runId, parentRunId: command.runId, url })}\n`);
      else {
        const what =
          command.command === 'fork'
            ? `forked from run ${command.runId} after turn ${command.input.turn}`
            : `replays run ${command.runId} with its recorded tool results (at the first other call: ${command.input.onDivergence ?? 'stop'})`;
        io.out(`Run ${result.runId} ${what}, on ${terminalSafeText(command.input.profileName)}: queued.\n  ${url}\n`);
      }
      queuedNote(io);
      if (!command.follow) return 0;
      if (!command.json) io.out('\n');
      return await io.follow(result.runId);
    }
  }
}

/** The command on a queue of this database of its own, stopped once the runs are queued. */
async function withQueue<T>(io: LineageIo, action: (deps: { db: Database; boss: PgBoss }) => Promise<T>): Promise<T> {
  const boss = await startQueue(io.databaseUrl, (error) => io.err(`[runs] queue: ${error.message}\n`));
  try {
    return await action({ db: io.db, boss });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** `json-line`: the view on one line, after the line `compare --follow --json` started with. */
async function printComparison(comparisonId: string, format: 'text' | 'json' | 'json-line' | 'csv', io: LineageIo): Promise<number> {
  const view = await getComparisonView(io.db, comparisonId);
  if (!view) {
    io.err(`No comparison with id ${comparisonId}.\n`);
    return 1;
  }
  if (format === 'json' || format === 'json-line') io.out(`${terminalJson(view, format === 'json' ? 2 : undefined)}\n`);
  // The console's download holds the text exactly; on a terminal, control characters are shown.
  else if (format === 'csv') io.out(comparisonCsv(terminalSafe(view)));
  else io.out(`${formatComparison(view, io.colors).join('\n')}\n`);
  return 0;
}

/** A refusal as one line on stderr: 2 (bad input, nothing written), 1 for a run that is not there. */
function refused(result: RunCommandRefusal, io: LineageIo): number {
  const details = [...new Set(Object.values(result.fieldErrors).flat())].map((message) => message.replace(/\.$/, ''));
  const line = result.notFound
    ? `${details.join('; ')}.`
    : details.length
      ? `${result.message.replace(/\.$/, '')}: ${details.join('; ')}.`
      : result.message;
  io.err(`${terminalSafeText(line)}\n`);
  return result.notFound ? 1 : 2;
}

function announceComparison(result: Extract<ComparisonResult, { ok: true }>, profiles: (string | null)[], json: boolean, io: LineageIo) {
  const url = comparisonPageUrl(io.env, result.comparisonId);
  if (json) {
    io.out(`${terminalJson({ comparisonId: result.comparisonId, runIds: result.runIds, url })}\n`);
  } else {
    const width = Math.max(...profiles.map((name) => (name ?? 'the run itself').length));
    io.out(
      [
        `Comparison ${result.comparisonId}: ${result.runIds.length} runs.`,
        ...result.runIds.map(
          (runId, column) =>
            `  ${column + 1} ${terminalSafeText(profiles[column] ?? 'the run itself').padEnd(width)}  ${runId}${profiles[column] ? '  queued' : ''}`,
        ),
        `  ${url}`,
        `  npm run runs -- compare ${result.comparisonId}   prints the aligned table`,
        '',
      ].join('\n'),
    );
  }
  queuedNote(io);
}

function queuedNote(io: LineageIo) {
  if (io.databaseKind === 'embedded')
    io.err(
      '[runs] No console is running on this checkout’s database: the new runs stay queued until `npm start` (or `npm run worker`) runs them.\n',
    );
}

/** `compare --follow`: a progress line as the runs end, then the table; 0 when every run succeeded. */
async function waitForComparison(result: Extract<ComparisonResult, { ok: true }>, json: boolean, io: LineageIo): Promise<number> {
  let reported = -1;
  for (;;) {
    const runs = await io.db.run.findMany({ where: { id: { in: result.runIds } }, select: { id: true, status: true, profileName: true } });
    const ended = runs.filter((run) => isTerminalStatus(run.status));
    if (ended.length !== reported) {
      reported = ended.length;
      const which = ended.map((run) => `${terminalSafeText(run.profileName)} ${run.status}`).join(', ');
      io.err(`[runs] ${ended.length} of ${result.runIds.length} runs ended${which ? ` (${which})` : ''}\n`);
    }
    if (ended.length === result.runIds.length) break;
    if (io.signal.aborted) {
      io.err(`[runs] Stopped waiting; the runs go on (npm run runs -- compare ${result.comparisonId} shows them).\n`);
      return 130;
    }
    await new Promise((resolve) => setTimeout(resolve, io.pollMs ?? 500));
  }
  if (!json) io.out('\n');
  await printComparison(result.comparisonId, json ? 'json-line' : 'text', io);
  const runs = await io.db.run.findMany({ where: { id: { in: result.runIds } }, select: { status: true } });
  return runs.every((run) => run.status === 'succeeded') ? 0 : 1;
}
