// The database of the console the scripts that join it use (`npm run worker`, `npm run seed:demo`):
// DATABASE_URL, else the embedded one a running `npm start` in this checkout wrote to
// .data/runtime.json; with neither, they say so and exit with code 2. A joining worker also shares
// that console's provider simulator.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function runningConsole() {
  const runtimeFile = join(process.cwd(), '.data/runtime.json');
  return existsSync(runtimeFile) ? JSON.parse(readFileSync(runtimeFile, 'utf8')) : null;
}

export function consoleDatabaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const runtime = runningConsole();
  if (runtime) return runtime.databaseUrl;
  console.error('Set DATABASE_URL, or start the console with `npm start` first (it runs the embedded database).');
  process.exit(2);
}

/**
 * The simulator a worker's Simulator profiles use: SWITCHBOARD_SIMULATOR_URL, else the one the
 * `npm start` in this checkout shares with its workers (when the worker joins its embedded
 * database); undefined: the worker starts one of its own.
 */
export function consoleSimulatorUrl() {
  if (process.env.SWITCHBOARD_SIMULATOR_URL) return process.env.SWITCHBOARD_SIMULATOR_URL;
  if (process.env.DATABASE_URL) return undefined;
  return runningConsole()?.simulatorUrl ?? undefined;
}
