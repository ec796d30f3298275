// The first `npm start` of a fresh clone, and the start after it: a `git clone` of HEAD into a
// temporary folder, then `npm start` there as a person would run it (npm ci from npm's cache as it
// is on this machine, the Prisma client, the embedded Postgres, migrations, next build, next start)
// until the console answers; stopped with Ctrl-C (SIGINT to its process group) and started again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../scripts/lib/database.mjs';
import { atMost, exactly, REPORT, type BenchFigure } from './figure';

const COLD_TARGET_S = 60;
const WARM_TARGET_S = 3;
const PROGRESS_TARGET_S = 10;
/** The progress timer fires every 10 s; the line after it is written within this. */
const PROGRESS_SLACK_S = 0.5;
const START_TIMEOUT_MS = 900_000;

/** The steps `npm start` times (scripts/start.mjs, scripts/lib/bootstrap.mjs): their `… done in` lines. */
const STEPS: Array<[label: string, figure: string]> = [
  ['Installing dependencies (npm ci)', 'npm ci (npm cache as on this machine)'],
  ['Generating the Prisma client', 'prisma generate'],
  ['Starting the embedded Postgres', 'embedded Postgres (initdb + start)'],
  ['Applying migrations', 'migrations'],
  ['Building the console (next build)', 'next build'],
  ['Starting the console (next start)', 'next start until it answers'],
];

type Started = { child: ChildProcess; seconds: number; lines: Array<{ at: number; text: string }> };

const round = (seconds: number) => Math.round(seconds * 10) / 10;

function git(args: string[], cwd?: string): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** `npm start` in `dir`, in a process group of its own (a terminal's foreground job), until /api/health answers. */
async function start(dir: string, port: number): Promise<Started> {
  // Not DATABASE_URL's server: the embedded Postgres, as on a fresh machine (undefined: not passed on).
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: undefined };
  const t0 = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Started['lines'] = [];
  let rest = '';
  const onData = (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const text of parts) if (text.trim()) lines.push({ at: (performance.now() - t0) / 1000, text });
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { child, seconds: (performance.now() - t0) / 1000, lines };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child);
      throw new Error(`npm start did not serve the console:\n${lines.map((line) => line.text).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ctrl-C: SIGINT to the whole process group; resolves with npm's exit code. */
async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(-child.pid!, 'SIGINT');
  return exited;
}

function stepSeconds(lines: Started['lines'], label: string): number | null {
  const done = lines.find((line) => line.text.startsWith(`[switchboard] ${label}: done in `))?.text;
  const match = done && / done in ([\d.]+) (ms|s)$/.exec(done);
  if (!match) return null;
  return round(Number(match[1]) / (match[2] === 'ms' ? 1000 : 1));
}

/** The longest time the terminal stayed silent before the console answered. */
function longestSilence(lines: Started['lines'], until: number): number {
  let previous = 0;
  let longest = 0;
  for (const { at } of [...lines, { at: until }]) {
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return round(longest);
}

export async function benchColdStart(): Promise<BenchFigure[]> {
  const parent = mkdtempSync(join(tmpdir(), 'switchboard-cold-start-'));
  // A folder others can enter: the common case (the cluster stays in the checkout).
  chmodSync(parent, 0o755);
  const dir = join(parent, 'switchboard');
  const figures: BenchFigure[] = [];
  try {
    git(['clone', '--quiet', process.cwd(), dir]);
    git(['checkout', '--quiet', git(['rev-parse', 'HEAD'])], dir);
    const port = await findFreePort(3392);

    const cold = await start(dir, port);
    const coldExit = await stop(cold.child);
    const warm = await start(dir, port);
    const warmExit = await stop(warm.child);
    const stops = [
      { name: 'cold', run: cold, exit: coldExit },
      { name: 'warm', run: warm, exit: warmExit },
    ];
    const cleanStop = ({ run, exit }: (typeof stops)[number]) =>
      exit === 0 && run.lines.some((line) => line.text === '[switchboard] Stopped.');
    for (const stop of stops.filter((stop) => !cleanStop(stop))) {
      console.log(`[bench] cold-start: the ${stop.name} start did not stop cleanly (exit ${stop.exit}); its last lines:`);
      console.log(
        stop.run.lines
          .slice(-12)
          .map((line) => `  ${line.text}`)
          .join('\n'),
      );
    }
    const cleanStops = stops.filter(cleanStop).length;
    const lostConnections = [...cold.lines, ...warm.lines].filter((line) => /connection was lost/.test(line.text)).length;

    figures.push({
      name: 'cold start: fresh clone → console answers',
      value: round(cold.seconds),
      unit: 's',
      target: atMost(COLD_TARGET_S, { unit: 's' }),
    });
    for (const [label, name] of STEPS) {
      figures.push({ name: `  cold start: ${name}`, value: stepSeconds(cold.lines, label), unit: 's', target: REPORT });
    }
    const silence = longestSilence(cold.lines, cold.seconds);
    figures.push({
      name: 'cold start: longest wait for a progress line',
      value: silence,
      unit: 's',
      target: atMost(PROGRESS_TARGET_S, { unit: 's', slack: PROGRESS_SLACK_S }),
    });
    figures.push({
      name: 'warm start: npm start → console answers',
      value: round(warm.seconds),
      unit: 's',
      target: atMost(WARM_TARGET_S, { unit: 's' }),
    });
    for (const [label, name] of STEPS.slice(2)) {
      figures.push({ name: `  warm start: ${name}`, value: stepSeconds(warm.lines, label), unit: 's', target: REPORT });
    }
    figures.push({
      name: 'Ctrl-C: clean stops (exit 0, "Stopped.")',
      value: cleanStops,
      unit: 'of 2',
      target: exactly(stops.length),
    });
    figures.push({
      name: 'Ctrl-C: "connection was lost" lines',
      value: lostConnections,
      unit: '',
      target: exactly(0),
    });
    return figures;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
