// A stand-in for a worker process of `npm start` in stop-order.test.mjs, spawned as npm start
// spawns scripts/worker.ts (worker-process.mjs): it holds connections, says it is ready over IPC,
// and on SIGTERM makes a last write (a run handed back) before it closes its pool and exits, as
// lib/worker/worker.ts `stop()` does. The terminal's Ctrl-C must never reach it.
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, idleTimeoutMillis: 0 });
pool.on('error', (error) => console.warn(`[switchboard] a database connection was lost: ${error.message}`));
const clients = await Promise.all([pool.connect(), pool.connect()]);
clients.forEach((client) => client.release());

process.once('SIGINT', () => console.log('fake worker: the terminal’s SIGINT reached a worker'));
process.once('SIGTERM', () => {
  pool
    .query("SELECT 'a run handed back before stopping'")
    .then(() => pool.end())
    .then(
      () => {
        console.log('fake worker: stopped cleanly');
        process.exit(0);
      },
      (error) => {
        console.error(`[switchboard] stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
});
process.send({ type: 'ready', workerId: `fake:${process.pid}` });
