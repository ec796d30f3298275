// The machine as Linux describes it in /proc, parsed from the files' text (proc(5)). CPU times are
// in clock ticks (USER_HZ), the same unit in /proc/stat and /proc/<pid>/stat.

export type LoadAverage = { one: number; five: number; fifteen: number };

/** /proc/loadavg: "0.52 0.61 0.70 2/321 21878" — runnable or uninterruptible tasks, averaged over 1, 5 and 15 minutes. */
export function parseLoadavg(text: string): LoadAverage {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((value) => Number.isFinite(value))) throw new Error(`unreadable /proc/loadavg: ${text}`);
  return { one: one!, five: five!, fifteen: fifteen! };
}

export type CpuTimes = {
  /** Ticks spent running tasks (user, nice, system): the time processes can be charged with. */
  busy: number;
  /** Ticks the hypervisor gave this machine's CPUs to someone else. */
  steal: number;
  /** Every tick of every CPU (busy, idle, iowait, irq, softirq, steal): wall time × cores. */
  total: number;
  cores: number;
};

/** /proc/stat: the aggregate `cpu` line (user nice system idle iowait irq softirq steal …) and the number of `cpuN` lines. */
export function parseCpuTimes(text: string): CpuTimes {
  const lines = text.split('\n');
  const aggregate = lines.find((line) => /^cpu\s/.test(line));
  if (!aggregate) throw new Error('unreadable /proc/stat: no cpu line');
  // guest and guest_nice (9th, 10th) are already counted in user and nice.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = aggregate
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return {
    busy: user + nice + system,
    steal,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    cores: lines.filter((line) => /^cpu\d+\s/.test(line)).length,
  };
}

export type Memory = { totalKiB: number; availableKiB: number };

/** /proc/meminfo: MemTotal and MemAvailable (what can be allocated without swapping). */
export function parseMeminfo(text: string): Memory {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    if (!match) throw new Error(`unreadable /proc/meminfo: no ${name}`);
    return Number(match[1]);
  };
  return { totalKiB: field('MemTotal'), availableKiB: field('MemAvailable') };
}

export type ProcessStat = {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime: the process's own CPU. */
  selfTicks: number;
  /** cutime + cstime: the CPU of its children that exited and it waited for. */
  childTicks: number;
  /** When it started, in ticks since boot: with the pid, tells a process from a later one that reuses its pid. */
  startTime: number;
};

/** /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so fields count from the last ')'. */
export function parseProcessStat(text: string): ProcessStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`unreadable /proc/<pid>/stat: ${text.slice(0, 80)}`);
  // From the state on: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime … starttime (20th).
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const number = (index: number) => Number(fields[index]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: number(1),
    selfTicks: number(11) + number(12),
    childTicks: number(13) + number(14),
    startTime: number(19),
  };
}

/** /proc/<pid>/cmdline: arguments separated by NULs; a Postgres backend writes its title there ("postgres: user db host state"). */
export function parseCmdline(text: string): string {
  return text.replace(/\0+/g, ' ').trim();
}

/** /proc/<pid>/status: VmHWM, the process's peak resident set (the kernel's high-water mark), in KiB. */
export function parsePeakRssKiB(text: string): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(text);
  if (!match) throw new Error('unreadable /proc/<pid>/status: no VmHWM');
  return Number(match[1]);
}
