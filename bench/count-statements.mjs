// Counts the statements each process sends to Postgres, by text (a prepared statement by its name),
// for the round-trip figures of issue 16. Preload it into every process of a bench run:
//   NODE_OPTIONS="--import ./bench/count-statements.mjs" BENCH_STATEMENTS_DIR=/tmp/statements BENCH_ONLY=concurrency npm run bench
// Each process writes <dir>/statements-<pid>.txt when it exits: the total, then a line per statement, most first.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const folder = process.env.BENCH_STATEMENTS_DIR;
if (folder) {
  const pg = createRequire(join(process.cwd(), 'package.json'))('pg');
  const counts = new Map();
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, ...rest) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const key = typeof config === 'object' && config?.name ? `prepared ${config.name}` : text.replace(/\s+/g, ' ').trim().slice(0, 100);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return query.call(this, config, ...rest);
  };
  process.on('exit', () => {
    const rows = [...counts].sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((sum, [, count]) => sum + count, 0);
    writeFileSync(
      join(folder, `statements-${process.pid}.txt`),
      [`total ${total}`, ...rows.map(([key, count]) => `${count}\t${key}`)].join('\n') + '\n',
    );
  });
}
