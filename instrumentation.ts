// Next.js calls register() once when the server starts. By default the `npm start` process also
// runs one queue worker; SWITCHBOARD_WORKER=0 turns that off (web-only nodes; see `npm run worker`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsole } = await import('./lib/redaction/redacted-console');
  redactConsole();
  if (process.env.SWITCHBOARD_WORKER === '0' || !process.env.DATABASE_URL) return;
  const { startInProcessWorker } = await import('./lib/agent/in-process-worker');
  await startInProcessWorker(process.env.DATABASE_URL);
}
