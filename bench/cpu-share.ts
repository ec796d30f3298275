// Who used the CPU during a pass: the bench (its own process tree, and the Postgres backends serving
// its database) or others. Others' CPU is what /proc/stat says the machine spent running tasks (and
// lost to the hypervisor) minus what the bench's processes were charged with; a pass during which
// others took a tenth of the machine or more ran "under load".
import type { CpuTimes, ProcessStat } from './proc-readings';

/** Others' share of the machine's CPU at which a pass counts as measured under load. */
export const UNDER_LOAD_SHARE = 0.1;

/** The processes at one moment; `title` is read for Postgres processes only (a backend names its database there). */
export type ProcessSnapshot = readonly (ProcessStat & { title?: string })[];

export type CpuShares = {
  /** Of the machine's CPU time during the pass (wall time × cores), the part others used: 0–1. */
  othersShare: number;
  othersCores: number;
  benchCores: number;
  /** Others that were seen, busiest first (kernel work and short-lived processes are in othersShare only). */
  busiestOthers: { name: string; cores: number }[];
  underLoad: boolean;
};

/** The pids of `rootPid` and all its descendants. */
export function processTree(processes: ProcessSnapshot, rootPid: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const process of processes) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process.pid]);
  const tree = new Set<number>();
  const queue = processes.some((process) => process.pid === rootPid) ? [rootPid] : [];
  while (queue.length) {
    const pid = queue.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** A Postgres process working on one of these databases: "postgres: 15/main: postgres switchboard_bench_x 127.0.0.1(5) idle". */
export function servesDatabase(process: { comm: string; title?: string }, databaseNames: readonly string[]): boolean {
  if (process.comm !== 'postgres') return false;
  const words = (process.title ?? '').split(/\s+/);
  return databaseNames.some((name) => words.includes(name));
}

type Sighting = { self: number; total: number; snapshot: number; inTree: boolean };
type Tracked = { name: string; first: Sighting; last: Sighting; inStartTree: boolean; everInTree: boolean; backend: boolean };

export type TickAccount = {
  /** Ticks the bench's processes used between the first and the last snapshot. */
  bench: number;
  /** Others' own ticks per process name, busiest first: what a person can look for in `top`. */
  othersByName: Map<string, number>;
};

/**
 * Splits the CPU ticks processes used between the first and the last snapshot.
 * The bench's:
 * - its process tree, from end to end: each process's own ticks plus those of the children it
 *   waited for, so processes that lived and ended between two snapshots count too;
 * - processes that left the tree (reparented when their parent ended first): up to their last sighting;
 * - backends of its databases on a server outside the tree (DATABASE_URL's): up to their last
 *   sighting (a backend's last moments before it ends count as others').
 * Others': every other process seen, by name (the kernel's work and processes that lived between two
 * snapshots are in /proc/stat's totals, not here).
 */
export function accountTicks(snapshots: readonly ProcessSnapshot[], benchPid: number, databaseNames: readonly string[]): TickAccount {
  if (snapshots.length === 0) return { bench: 0, othersByName: new Map() };
  const first = snapshots[0]!;
  const last = snapshots[snapshots.length - 1]!;
  const treeTicks = (processes: ProcessSnapshot) => {
    const tree = processTree(processes, benchPid);
    return processes.filter((process) => tree.has(process.pid)).reduce((sum, process) => sum + process.selfTicks + process.childTicks, 0);
  };
  let bench = treeTicks(last) - treeTicks(first);
  const othersByName = new Map<string, number>();
  for (const tracked of track(snapshots, benchPid, databaseNames).values()) {
    const presentAtStart = tracked.first.snapshot === 0;
    if (!tracked.everInTree && !tracked.backend) {
      const ticks = tracked.last.self - (presentAtStart ? tracked.first.self : 0);
      if (ticks > 0) othersByName.set(tracked.name, (othersByName.get(tracked.name) ?? 0) + ticks);
    } else if (tracked.everInTree && !tracked.last.inTree) {
      // Left the tree: the start tree's sum already took its ticks at the start away.
      bench += tracked.last.total - (presentAtStart && !tracked.inStartTree ? tracked.first.total : 0);
    } else if (tracked.backend && !tracked.everInTree) {
      bench += tracked.last.total - (presentAtStart ? tracked.first.total : 0);
    }
    // Otherwise it is in the tree at the end, or ended inside it (its parent waited for it): the tree's sum has it.
  }
  return { bench: Math.max(0, bench), othersByName: new Map([...othersByName].sort((a, b) => b[1] - a[1])) };
}

function track(snapshots: readonly ProcessSnapshot[], benchPid: number, databaseNames: readonly string[]): Map<string, Tracked> {
  const tracked = new Map<string, Tracked>();
  snapshots.forEach((processes, snapshot) => {
    const tree = processTree(processes, benchPid);
    for (const process of processes) {
      const key = `${process.pid}@${process.startTime}`;
      const sighting: Sighting = {
        self: process.selfTicks,
        total: process.selfTicks + process.childTicks,
        snapshot,
        inTree: tree.has(process.pid),
      };
      const known = tracked.get(key);
      if (known) {
        known.last = sighting;
        known.everInTree ||= sighting.inTree;
        known.backend ||= servesDatabase(process, databaseNames);
      } else
        tracked.set(key, {
          name: process.comm,
          first: sighting,
          last: sighting,
          inStartTree: snapshot === 0 && sighting.inTree,
          everInTree: sighting.inTree,
          backend: servesDatabase(process, databaseNames),
        });
    }
  });
  return tracked;
}

/** The pass's CPU split between the bench and others, from /proc/stat before and after it and the processes' ticks. */
export function cpuShares(before: CpuTimes, after: CpuTimes, ticks: TickAccount, busiestCount = 3): CpuShares {
  const total = after.total - before.total;
  const cores = after.cores;
  if (total <= 0) return { othersShare: 0, othersCores: 0, benchCores: 0, busiestOthers: [], underLoad: false };
  const used = after.busy + after.steal - (before.busy + before.steal);
  const othersShare = Math.min(1, Math.max(0, used - ticks.bench) / total);
  return {
    othersShare,
    othersCores: othersShare * cores,
    benchCores: (Math.min(ticks.bench, used) / total) * cores,
    busiestOthers: [...ticks.othersByName].slice(0, busiestCount).map(([name, own]) => ({ name, cores: (own / total) * cores })),
    underLoad: othersShare >= UNDER_LOAD_SHARE,
  };
}
