// Next.js calls register() once when the server starts, before it serves. The console prints
// through the redaction module; every request then runs with its socket's peer address known
// (sign-in and the loopback rule), and sessions of an earlier password are revoked
// (lib/auth/server-start.ts). The console runs no worker: it queues runs, and worker processes
// (`npm start` runs SWITCHBOARD_WORKERS of them beside it, `npm run worker` anywhere) execute them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsole } = await import('./lib/redaction/redacted-console');
  redactConsole();
  const { prepareSignIn } = await import('./lib/auth/server-start');
  await prepareSignIn();
}
