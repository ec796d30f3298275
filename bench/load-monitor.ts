// Reads the machine's load from /proc around each pass of a bench: the load averages and free
// memory before and after (printed), and who used the CPU during it (bench/cpu-share.ts).
import { readdir, readFile } from 'node:fs/promises';
import { accountTicks, cpuShares, type CpuShares, type ProcessSnapshot } from './cpu-share';
import { parseCmdline, parseCpuTimes, parseLoadavg, parseMeminfo, parseProcessStat, type LoadAverage, type Memory } from './proc-readings';

export type MachineState = { load: LoadAverage; cores: number; memory: Memory };

export type PassLoad = CpuShares & { seconds: number; before: MachineState; after: MachineState };

/** Often enough to see a backend shortly before it ends; each look reads a few hundred small files. */
const SNAPSHOT_INTERVAL_MS = 1_000;

export async function readMachine(): Promise<MachineState> {
  const [loadavg, stat, meminfo] = await Promise.all([
    readFile('/proc/loadavg', 'utf8'),
    readFile('/proc/stat', 'utf8'),
    readFile('/proc/meminfo', 'utf8'),
  ]);
  return { load: parseLoadavg(loadavg), cores: parseCpuTimes(stat).cores, memory: parseMeminfo(meminfo) };
}

async function readProcesses(): Promise<ProcessSnapshot> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const processes = await Promise.all(
    pids.map(async (pid) => {
      try {
        const stat = parseProcessStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
        if (stat.comm !== 'postgres') return stat;
        return { ...stat, title: parseCmdline(await readFile(`/proc/${pid}/cmdline`, 'utf8')) };
      } catch {
        return null; // it ended while we looked
      }
    }),
  );
  return processes.filter((process) => process !== null);
}

/**
 * Watches one pass: call it when the pass starts, `stop()` when it ends. `databaseNames()` is asked
 * at the end (the bench's databases may be created during the pass).
 */
export async function watchPass(databaseNames: () => readonly string[]): Promise<{ stop(): Promise<PassLoad> }> {
  const started = performance.now();
  const [before, statBefore, first] = await Promise.all([readMachine(), readFile('/proc/stat', 'utf8'), readProcesses()]);
  const snapshots: ProcessSnapshot[] = [first];
  let looking: Promise<void> | null = null;
  const timer = setInterval(() => {
    looking ??= readProcesses()
      .then((snapshot) => void snapshots.push(snapshot))
      .finally(() => (looking = null));
  }, SNAPSHOT_INTERVAL_MS);
  timer.unref(); // a pass that throws leaves no timer holding the process
  return {
    async stop() {
      clearInterval(timer);
      await looking;
      const [after, statAfter, last] = await Promise.all([readMachine(), readFile('/proc/stat', 'utf8'), readProcesses()]);
      snapshots.push(last);
      const shares = cpuShares(parseCpuTimes(statBefore), parseCpuTimes(statAfter), accountTicks(snapshots, process.pid, databaseNames()));
      return { ...shares, seconds: (performance.now() - started) / 1000, before, after };
    },
  };
}
