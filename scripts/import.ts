// `npm run import -- <bundle.json> [more.json …]`: loads run bundles (the console's "Export JSON",
// `GET /api/runs/<id>/export`) into this instance as read-only archive runs. Each bundle is checked
// first and written in one transaction: an invalid one writes nothing; one already here is named
// and skipped. Database: DATABASE_URL, else this checkout's embedded one (scripts/lib/cli-database.mjs);
// pending migrations are applied first (a fresh `createdb` database works), and a database failure
// is one line, never a stack. Exit code 0 when every file was imported or already here, 1 when any
// was refused or the database failed, 2 for usage.
import './lib/load-env-files.mjs';
import { basename } from 'node:path';
import { cliDatabase } from '../lib/cli/cli-database';
import { closeDatabase } from '../lib/store/database';
import { describeDatabaseError } from '../lib/cli/database-error';
import { terminalSafeText } from '../lib/cli/terminal-safe';
import { importRunBundle, readBundleFile, type BundleRowCounts, type ImportOutcome } from '../lib/store/import-bundle';
import { openCliDatabase } from './lib/cli-database.mjs';

const USAGE = `Usage: npm run import -- <bundle.json> [more.json …]

Loads run bundles exported by a Switchboard console (run page → "Export JSON") into this one.
Imported runs are read-only archives: new ids, the source run's id kept as provenance.
Database: DATABASE_URL, else this checkout's embedded database (.data/postgres); pending migrations
are applied first.`;

// A bundle's ids, messages and file names are someone else's text: shown, never acted on by the terminal.
const log = (line: string) => process.stderr.write(`[import] ${terminalSafeText(line)}\n`);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describeCounts(counts: BundleRowCounts): string {
  return [
    plural(counts.turns, 'turn'),
    plural(counts.messages, 'message'),
    plural(counts.providerCalls, 'provider call'),
    plural(counts.toolCalls, 'tool call'),
    plural(counts.reasoning, 'reasoning trace'),
    plural(counts.errorArtifacts, 'error artifact'),
    plural(counts.events, 'event'),
  ].join(', ');
}

/** The outcome in lines (the first says what happened; the rest list what is wrong). */
function describeOutcome(outcome: ImportOutcome): string[] {
  switch (outcome.status) {
    case 'imported':
      return [`imported as ${outcome.runId} (from ${outcome.sourceId}, ${outcome.runStatus}): ${describeCounts(outcome.counts)}`];
    case 'already-imported':
      return [
        outcome.original
          ? `already here: it is run ${outcome.runId}, recorded in this instance; nothing written`
          : `already imported as ${outcome.runId}; nothing written`,
      ];
    case 'invalid':
      return [`refused: ${outcome.message}`, ...outcome.issues.map((issue) => `  ${issue}`), 'Nothing was written.'];
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = args.find((arg) => arg.startsWith('-'));
  if (unknown || !args.length) {
    process.stderr.write(`${unknown ? `Unknown option ${unknown}.\n` : 'Name at least one bundle file.\n'}${USAGE}\n`);
    return 2;
  }

  let database: Awaited<ReturnType<typeof openCliDatabase>>;
  try {
    database = await openCliDatabase({ log, migrate: true });
  } catch (error) {
    log(`The database could not be opened or migrated: ${describeDatabaseError(error)}`);
    return 1;
  }
  const db = cliDatabase(database.url);
  const tally = { imported: 0, already: 0, refused: 0 };
  try {
    for (const [index, file] of args.entries()) {
      const read = await readBundleFile(file);
      const size = read.ok ? ` (${(read.bytes / 1024).toFixed(1)} KiB)` : '';
      log(`${index + 1}/${args.length} ${basename(file)}${size} …`);
      const outcome: ImportOutcome = read.ok
        ? await importRunBundle(db, read.document)
        : { status: 'invalid', message: read.message, issues: [] };
      for (const line of describeOutcome(outcome)) log(`  ${line}`);
      if (outcome.status === 'imported') tally.imported++;
      else if (outcome.status === 'already-imported') tally.already++;
      else tally.refused++;
    }
  } catch (error) {
    // Each bundle is one transaction: the one that failed wrote nothing, the ones before it stay.
    log(`  the database failed: ${describeDatabaseError(error)}; nothing of this file was written.`);
    log(`Stopped after ${plural(tally.imported, 'imported run')}.`);
    return 1;
  } finally {
    await closeDatabase(db).catch(() => undefined);
    await database.close().catch(() => undefined);
  }
  process.stdout.write(
    `Imported ${plural(tally.imported, 'run')}, ${tally.already} already here, ${tally.refused} refused (of ${plural(args.length, 'file')}).\n`,
  );
  return tally.refused ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[import] ${describeDatabaseError(error)}\n`);
    process.exit(1);
  },
);
