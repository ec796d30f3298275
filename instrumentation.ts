// Next.js calls register() once when the server starts, before it serves. The console prints
// through the redaction module; every request then runs with its socket's peer address known
// (sign-in and the loopback rule), and sessions of an earlier password are revoked
// (lib/auth/server-start.ts). By default the `npm start` process also runs one queue worker;
// SWITCHBOARD_WORKER=0 turns that off (web-only nodes; see `npm run worker`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsole } = await import('./lib/redaction/redacted-console');
  redactConsole();
  const { prepareSignIn } = await import('./lib/auth/server-start');
  await prepareSignIn();
  if (process.env.SWITCHBOARD_WORKER === '0' || !process.env.DATABASE_URL) return;
  const { startInProcessWorker } = await import('./lib/worker/in-process-worker');
  await startInProcessWorker(process.env.DATABASE_URL);
}
