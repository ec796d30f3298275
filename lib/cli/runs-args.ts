import { parseArgs } from 'node:util';
import { parseRunListParams, type RunListParams } from '@/lib/runs/list-runs';
import { parseRunId } from '@/lib/runs/run-id';
import { parseLineageArgs, LINEAGE_OPTIONS, type LineageCommand } from './runs-lineage-args';

export const RUNS_USAGE = `Usage: npm run runs -- <command> [options]

  list [--provider P] [--model M] [--status S] [--has-errors] [--error-kind K]
       [--from ISO] [--to ISO] [--limit N] [--cursor C]     the runs, newest first (the /runs filters)
  show <id>                                               a run's transcript, per-turn strips, error artifacts
  tail <id>                                               follow a run live until it ends

  compare <comparison id> [--csv]                         the comparison's runs aligned per turn, a summary
                                                          per run (best marked ★), the final answers' diff
  compare --profile A --profile B … --task "…"            start one task on 2–6 profiles as a comparison
          [--tools list_files,write_file] [--max-turns N]
          [--scenario simulator-chat=rate_limit_json …] [--follow]
  compare --run <id> --profile X [--profile Y …]          the run's task and options on more profiles, beside it
          [--scenario …] [--follow]
  fork <id> --turn N --profile X [--model M] [--follow]   a new run with the conversation through turn N
                                                          (turn 1 is the first), continued on profile X
  replay <id> --profile X [--model M]                     the run again on profile X with its recorded tool
         [--on-divergence stop|continue] [--follow]       results served; at the first other call it stops
                                                          (or continues with real tools)

  --json     machine-readable output (list/show/compare: one JSON document; tail: one JSON event per
             line; starting a comparison, fork or replay: its ids and page address)
  --follow   fork/replay: follow the new run like tail; compare: wait for its runs, then print the table
  --scenario <profile>=<scenario>   a Simulator fault scenario for one compared profile (repeatable)

Runs are started on this database's queue: a worker runs them (the console's, \`npm start\`, or
\`npm run worker\`). Profiles and their keys are checked in this shell's environment.

Exit code: 0 ok (tail and --follow: the run succeeded, or every compared run did), 1 unknown run or
comparison (tail and --follow: a run failed, was cancelled or interrupted), 2 bad usage, a malformed
id, or a fork, replay or comparison refused (nothing is written then).`;

export type RunsCommand =
  | { command: 'list'; params: RunListParams; json: boolean }
  | { command: 'show' | 'tail'; runId: string; json: boolean }
  | LineageCommand
  | { command: 'help' };

export function isLineageCommand(command: RunsCommand): command is LineageCommand {
  return ['compare', 'compare-start', 'compare-run', 'fork', 'replay'].includes(command.command);
}

export type ParsedRunsArgs = { ok: true; value: RunsCommand } | { ok: false; message: string };

const LIST_FILTERS = ['provider', 'model', 'status', 'error-kind', 'from', 'to', 'limit', 'cursor'] as const;

/** Command-line words → a command; list filters become the /runs query parameters, validated by parseRunListParams. */
export function parseRunsArgs(argv: string[]): ParsedRunsArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(LIST_FILTERS.map((name) => [name, { type: 'string' as const }])),
        ...LINEAGE_OPTIONS,
        'has-errors': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const json = values.json === true;
  if (values.help || command === 'help') return { ok: true, value: { command: 'help' } };
  if (command === 'compare' || command === 'fork' || command === 'replay') return parseLineageArgs(command, rest, values);
  const lineageOnly = Object.keys(LINEAGE_OPTIONS).filter((name) => (values as Record<string, unknown>)[name] !== undefined);
  if (command && lineageOnly.length) return { ok: false, message: `--${lineageOnly[0]} does not apply to ${command}.` };
  if (command === 'list') {
    if (rest.length) return { ok: false, message: `list takes options, not "${rest[0]}".` };
    const filters: Record<string, string> = {};
    for (const name of LIST_FILTERS) {
      const value = (values as Record<string, unknown>)[name];
      if (typeof value === 'string') filters[name === 'error-kind' ? 'errorKind' : name] = value;
    }
    if (values['has-errors']) filters.hasErrors = '1';
    // The same validation as the /runs page and GET /api/runs.
    const checked = parseRunListParams(filters);
    if (!checked.ok) return { ok: false, message: checked.message };
    return { ok: true, value: { command: 'list', params: checked.params, json } };
  }
  if (command === 'show' || command === 'tail') {
    const listOnly = [...LIST_FILTERS, 'has-errors'].filter((name) => (values as Record<string, unknown>)[name] !== undefined);
    if (listOnly.length) return { ok: false, message: `--${listOnly[0]} is a list filter; ${command} takes a run id.` };
    if (rest.length !== 1) return { ok: false, message: `${command} takes one run id.` };
    const id = parseRunId(rest[0]);
    if (!id.ok) return { ok: false, message: id.message };
    return { ok: true, value: { command, runId: id.id, json } };
  }
  return {
    ok: false,
    message: command
      ? `Unknown command "${command}": use list, show, tail, compare, fork or replay.`
      : 'Name a command: list, show, tail, compare, fork or replay.',
  };
}
