// `npm run runs -- list [filters] | show <id> | tail <id> | compare … | fork … | replay …`: the runs
// from a terminal, drawn from the same queries, commands and transcript reducer as the console.
// See lib/cli/README.md.
import './lib/load-env-files.mjs';
import { describeDatabaseError } from '../lib/cli/database-error';
import { colorsEnabled, createColors } from '../lib/cli/colors';
import { formatRunShow, formatRunHeader } from '../lib/cli/run-show';
import { formatRunList } from '../lib/cli/runs-list-table';
import { isLineageCommand, parseRunsArgs, RUNS_USAGE } from '../lib/cli/runs-args';
import { runLineageCommand } from '../lib/cli/runs-lineage';
import { TailPrinter } from '../lib/cli/tail-printer';
import { terminalJson } from '../lib/cli/terminal-safe';
import { listRuns, runListNavigation } from '../lib/runs/list-runs';
import { retentionNotice } from '../lib/runs/retention-notice';
import { followRunLog } from '../lib/runs/follow-run-log';
import { findRunStatus, getRunDetail, listRunEvents } from '../lib/runs/run-detail';
import { RunEventHub } from '../lib/runs/run-event-hub';
import { replayTranscript } from '../lib/runs/transcript-reducer';
import { cliDatabase } from '../lib/cli/cli-database';
import { closeDatabase, type Database } from '../lib/store/database';
import { openCliDatabase } from './lib/cli-database.mjs';

const out = (text: string) => process.stdout.write(text);
const fail = (message: string, code: number) => {
  process.stderr.write(`${message}\n`);
  return code;
};

async function main(): Promise<number> {
  const parsed = parseRunsArgs(process.argv.slice(2));
  if (!parsed.ok) return fail(`${parsed.message}\nUsage: npm run runs -- --help`, 2);
  const command = parsed.value;
  if (command.command === 'help') {
    out(`${RUNS_USAGE}\n`);
    return 0;
  }

  const colors = createColors(colorsEnabled(process.stdout, process.env));
  const database = await openCliDatabase({ log: (line) => process.stderr.write(`[runs] ${line}\n`), migrate: 'embedded' });
  const db = cliDatabase(database.url);
  // `compare --follow` stops waiting on Ctrl-C (the runs go on); other commands keep the default.
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  if (isLineageCommand(command)) process.on('SIGINT', interrupt);
  try {
    if (isLineageCommand(command)) {
      const json = 'json' in command && command.json;
      return await runLineageCommand(command, {
        db,
        databaseUrl: database.url,
        databaseKind: database.kind,
        env: process.env,
        colors,
        out,
        err: (text) => process.stderr.write(text),
        signal: interrupted.signal,
        follow: async (runId) => {
          const detail = await getRunDetail(db, runId);
          if (!detail) return fail(`No run with id ${runId}.`, 1);
          return tail(db, database.url, runId, json, colors, detail);
        },
      });
    }
    if (command.command === 'list') {
      const [page, navigation, retention] = await Promise.all([
        listRuns(db, command.params),
        runListNavigation(db, command.params),
        retentionNotice(db),
      ]);
      out(
        command.json
          ? `${terminalJson({ ...page, total: navigation.total, retention }, 2)}\n`
          : `${formatRunList(page, colors, navigation.total, retention).join('\n')}\n`,
      );
      return 0;
    }
    const detail = await getRunDetail(db, command.runId);
    if (!detail) return fail(`No run with id ${command.runId}.`, 1);
    if (command.command === 'show') {
      const events = await listRunEvents(db, command.runId);
      const transcript = replayTranscript(events);
      out(
        command.json
          ? `${terminalJson({ ...detail, events, transcript: transcript.blocks }, 2)}\n`
          : `${formatRunShow(detail, transcript, colors).join('\n')}\n`,
      );
      return 0;
    }
    return await tail(db, database.url, command.runId, command.json, colors, detail);
  } finally {
    process.off('SIGINT', interrupt);
    await closeDatabase(db);
    await database.close();
  }
}

async function tail(
  db: Database,
  url: string,
  runId: string,
  json: boolean,
  colors: ReturnType<typeof createColors>,
  detail: NonNullable<Awaited<ReturnType<typeof getRunDetail>>>,
): Promise<number> {
  const hub = new RunEventHub(url, {
    onError: (error) => process.stderr.write(`[runs] live listener: ${error.message} (polling meanwhile)\n`),
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const printer = new TailPrinter(colors);
  if (!json) out(`${formatRunHeader(detail, colors).slice(0, 3).join('\n')}\n\n`);
  try {
    let end: { status: string | null } | null = null;
    let lastSeq = -1;
    for await (const step of followRunLog({
      db,
      hub,
      runId,
      after: -1,
      signal: controller.signal,
      onListening: () =>
        process.stderr.write(`[runs] Following run ${runId} (${detail.run.status}); Ctrl-C stops following, not the run.\n`),
      onError: (error) => process.stderr.write(`[runs] reading the run's events failed: ${describeDatabaseError(error)} (trying again)\n`),
    })) {
      if (step.kind === 'events') {
        for (const event of step.events) out(json ? `${terminalJson(event)}\n` : printer.write(event));
        lastSeq = step.events.at(-1)!.seq;
      } else if (step.kind === 'end') end = step;
    }
    const result = {
      ended: end !== null,
      status: end ? (end.status ?? 'deleted') : ((await findRunStatus(db, runId))?.status ?? 'deleted'),
      lastSeq,
    };
    if (json) out(`${JSON.stringify({ end: result.ended, status: result.status, lastSeq: result.lastSeq })}\n`);
    else {
      out(printer.end());
      out(
        result.ended
          ? `\nRun ${runId} ended: ${result.status}\n`
          : `\nStopped following; the run is ${result.status} (npm run runs -- tail ${runId} to follow it again).\n`,
      );
    }
    if (!result.ended) return 130;
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await hub.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if ((error as { code?: unknown }).code === 'P2021') {
      process.stderr.write(
        '[runs] This database has no Switchboard tables: start the console once (`npm start`) or run `npm run smoke`, which apply the migrations.\n',
      );
      process.exit(1);
    }
    process.stderr.write(`[runs] ${describeDatabaseError(error)}\n`);
    process.exit(1);
  },
);
