import { parseArgs } from 'node:util';
import { parseRunListParams, type RunListParams } from '@/lib/runs/list-runs';
import { parseRunId } from '@/lib/runs/run-id';

export const RUNS_USAGE = `Usage: npm run runs -- <command> [options]

  list [--provider P] [--model M] [--status S] [--has-errors] [--error-kind K]
       [--from ISO] [--to ISO] [--limit N] [--cursor C]     the runs, newest first (the /runs filters)
  show <id>                                               a run's transcript, per-turn strips, error artifacts
  tail <id>                                               follow a run live until it ends

  --json   machine-readable output (list/show: one JSON document; tail: one JSON event per line)

Exit code: 0 ok (tail: the run succeeded), 1 unknown run (tail: the run failed, was cancelled or
interrupted), 2 bad usage or a malformed id.`;

export type RunsCommand =
  | { command: 'list'; params: RunListParams; json: boolean }
  | { command: 'show' | 'tail'; runId: string; json: boolean }
  | { command: 'help' };

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
  return { ok: false, message: command ? `Unknown command "${command}": use list, show or tail.` : 'Name a command: list, show or tail.' };
}
