// The database of the console the scripts that join it use (`npm run worker`, `npm run seed:demo`):
// DATABASE_URL, else the embedded one a running `npm start` in this checkout wrote to
// .data/runtime.json; with neither, they say so and exit with code 2.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function consoleDatabaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const runtimeFile = join(process.cwd(), '.data/runtime.json');
  if (existsSync(runtimeFile)) return JSON.parse(readFileSync(runtimeFile, 'utf8')).databaseUrl;
  console.error('Set DATABASE_URL, or start the console with `npm start` first (it runs the embedded database).');
  process.exit(2);
}
