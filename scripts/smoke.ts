// `npm run smoke -- --profile <name> [--stream] [--tools]` (or --all, --simulator): one short real
// call per profile, recorded as a run, reported on one screen each. See lib/cli/README.md.
import './lib/load-env-files.mjs';
import { hostname } from 'node:os';
import pino from 'pino';
import { createLogger } from '../lib/server/logger';
import { describeDatabaseError } from '../lib/cli/database-error';
import { cancelRun } from '../lib/runs/run-control';
import { BUILTIN_PROFILES } from '../lib/config/builtin-profiles';
import { loadProfiles } from '../lib/config/profiles';
import { colorsEnabled, createColors } from '../lib/cli/colors';
import { runSmoke } from '../lib/cli/run-smoke';
import { parseSmokeArgs, SMOKE_USAGE } from '../lib/cli/smoke-args';
import { missingKey, planSmoke, selectProfiles } from '../lib/cli/smoke-plan';
import { formatSmokeSummary, skippedSummary, type SmokeSummary } from '../lib/cli/smoke-report';
import { terminalJson } from '../lib/cli/terminal-safe';
import { startSimulator, type SimulatorHandle } from '../lib/simulator';
import { cliDatabase } from '../lib/cli/cli-database';
import { closeDatabase, type Database } from '../lib/store/database';
import { openCliDatabase } from './lib/cli-database.mjs';

const progress = (line: string) => process.stderr.write(`[smoke] ${line}\n`);

async function main(): Promise<number> {
  const parsed = parseSmokeArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\nUsage: npm run smoke -- --help\n`);
    return 2;
  }
  const { args } = parsed;
  if (args.help) {
    process.stdout.write(`${SMOKE_USAGE}\n`);
    return 0;
  }
  const { profiles, errors } = loadProfiles();
  for (const error of errors) progress(`ignored an invalid profile (${error.source} ${error.path}: ${error.message})`);
  const selection = selectProfiles(profiles, new Set(BUILTIN_PROFILES.map((profile) => profile.name)), args);
  if (!selection.ok) {
    process.stderr.write(
      `${selection.message}\n${args.profiles.length || args.all || args.simulator ? 'Usage: npm run smoke -- --help' : `\n${SMOKE_USAGE}`}\n`,
    );
    return 2;
  }
  const env = process.env;
  const colors = createColors(colorsEnabled(process.stdout, env));
  const plans = selection.profiles.map((profile) => planSmoke(profile, args));
  const print = (summary: SmokeSummary) =>
    process.stdout.write(args.json ? `${terminalJson(summary)}\n` : `${formatSmokeSummary(summary, colors).join('\n')}\n\n`);

  // Nothing to call (every profile lacks its key): no database, no simulator — safe anywhere.
  const callable = plans.filter((plan) => !missingKey(plan.profile, env));
  let database: Awaited<ReturnType<typeof openCliDatabase>> | null = null;
  let db: Database | null = null;
  let simulator: SimulatorHandle | null = null;
  let activeRun: string | null = null;
  let interrupted = false;
  const onSignal = () => {
    if (interrupted || !activeRun || !db) process.exit(130);
    interrupted = true;
    progress('cancelling the run (Ctrl-C again to quit at once) …');
    void cancelRun(activeRun, { db });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (callable.length) {
      database = await openCliDatabase({ log: progress, migrate: true });
      db = cliDatabase(database.url);
      if (callable.some((plan) => plan.profile.provider === 'simulator')) {
        simulator = await startSimulator({ port: 0 });
        progress(`simulator on ${simulator.url}`);
      }
    }
    process.env.SWITCHBOARD_LOG_LEVEL ??= 'silent';
    const logger = createLogger({ cli: 'smoke' }, pino.destination(2));
    const workerId = `smoke:${hostname()}:${process.pid}`;
    let succeeded = 0;
    let failed = 0;
    let skipped = 0;
    let cancelled = 0;
    for (const plan of plans) {
      if (interrupted) break;
      const skip = missingKey(plan.profile, env);
      if (!skip) progress(`calling ${plan.profile.name} (${plan.profile.runtime}, ${plan.effective.model}) …`);
      // A callable profile means the database was opened above.
      const summary =
        skip || !db
          ? skippedSummary(plan, skip ?? 'skipped: no database')
          : await runSmoke(plan, {
              db,
              profiles,
              env,
              simulatorUrl: simulator?.url ?? null,
              logger,
              workerId,
              onRunCreated: (runId) => (activeRun = runId),
            });
      activeRun = null;
      if (summary.status === 'skipped') skipped++;
      else if (summary.status === 'cancelled') cancelled++;
      else if (summary.ok) succeeded++;
      else failed++;
      print(summary);
    }
    progress(`${succeeded} succeeded, ${failed} failed, ${skipped} skipped${cancelled ? `, ${cancelled} cancelled` : ''}`);
    return interrupted ? 130 : failed ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await simulator?.close();
    if (db) await closeDatabase(db);
    await database?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[smoke] ${describeDatabaseError(error)}\n`);
    process.exit(1);
  },
);
