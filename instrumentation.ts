// Next.js calls register() once when the server starts, before it serves. Every request then runs
// with its socket's peer address known (sign-in and the loopback rule; lib/auth/connection.ts).
// By default the `npm start` process also runs one queue worker; SWITCHBOARD_WORKER=0 turns that
// off (web-only nodes; see `npm run worker`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { trackConnections } = await import('./lib/auth/connection');
  trackConnections();
  if (process.env.SWITCHBOARD_WORKER === '0' || !process.env.DATABASE_URL) return;
  const { startInProcessWorker } = await import('./lib/agent/in-process-worker');
  await startInProcessWorker(process.env.DATABASE_URL);
}
