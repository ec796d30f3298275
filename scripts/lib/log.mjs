// Progress lines for the bootstrap scripts: one line a step, with its duration.
const started = Date.now();

export function step(message) {
  process.stdout.write(`[switchboard] ${message}\n`);
}

export async function timed(label, action) {
  const t0 = Date.now();
  step(`${label} …`);
  const result = await action();
  step(`${label}: done in ${formatMs(Date.now() - t0)}`);
  return result;
}

export function formatMs(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function sinceStart() {
  return formatMs(Date.now() - started);
}
