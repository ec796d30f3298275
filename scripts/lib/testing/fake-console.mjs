// A stand-in for the console process in stop-order.test.mjs: a connection pool that reports a lost
// connection the way lib/store/database.ts does, holding connections as the console's pool does,
// and ending on SIGINT or SIGTERM as `next start` does (Ctrl-C plus `npm start`'s SIGTERM: once).
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3, idleTimeoutMillis: 0 });
pool.on('error', (error) => console.warn(`[switchboard] a database connection was lost: ${error.message}`));
await Promise.all(
  [1, 2, 3].map(async () => {
    const client = await pool.connect();
    await client.query('SELECT 1');
    return client;
  }),
).then((clients) => clients.forEach((client) => client.release()));

let stopping = null;
const stop = () => {
  stopping ??= pool.end().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log('console ready');
