import { describe, expect, it } from 'vitest';
import { parseCmdline, parseCpuTimes, parseLoadavg, parseMeminfo, parsePeakRssKiB, parseProcessStat } from './proc-readings';

describe('/proc readings', () => {
  it('reads the 1, 5 and 15 minute load averages', () => {
    expect(parseLoadavg('8.27 8.63 7.21 2/257 27546\n')).toEqual({ one: 8.27, five: 8.63, fifteen: 7.21 });
    expect(() => parseLoadavg('')).toThrow(/loadavg/);
  });

  it('reads the machine CPU times and counts the cores', () => {
    const stat = [
      'cpu  600240 5774 209442 1260242 3638 0 7373 120 0 0',
      'cpu0 298778 2870 101733 634787 871 0 2952 60 0 0',
      'cpu1 301461 2903 107708 625455 2766 0 4420 60 0 0',
      'intr 7440542 0 0 0',
      'ctxt 27300762',
    ].join('\n');
    expect(parseCpuTimes(stat)).toEqual({
      busy: 600240 + 5774 + 209442,
      steal: 120,
      total: 600240 + 5774 + 209442 + 1260242 + 3638 + 0 + 7373 + 120,
      cores: 2,
    });
    expect(() => parseCpuTimes('intr 1 2 3')).toThrow(/no cpu line/);
  });

  it('reads total and available memory', () => {
    const meminfo = 'MemTotal:       24683748 kB\nMemFree:        18155352 kB\nMemAvailable:   22593300 kB\nBuffers: 1 kB\n';
    expect(parseMeminfo(meminfo)).toEqual({ totalKiB: 24683748, availableKiB: 22593300 });
    expect(() => parseMeminfo('MemTotal: 1 kB\n')).toThrow(/MemAvailable/);
  });

  it("reads a process's parent, own and children's CPU ticks, and start time", () => {
    const stat =
      '27412 (postgres) S 2200 27412 27412 0 -1 4194368 973 0 0 0 6 2 3 4 20 0 1 0 1047632 225976320 6158 18446744073709551615 0 0 0 0 0';
    expect(parseProcessStat(stat)).toEqual({ pid: 27412, comm: 'postgres', ppid: 2200, selfTicks: 8, childTicks: 7, startTime: 1047632 });
  });

  it('reads a process whose name holds spaces and parentheses', () => {
    const stat = '501 (tmux: (server) x) S 1 501 501 0 -1 4194560 10 0 0 0 150 50 0 0 20 0 1 0 777 0 0';
    expect(parseProcessStat(stat)).toMatchObject({ pid: 501, comm: 'tmux: (server) x', ppid: 1, selfTicks: 200, startTime: 777 });
  });

  it("reads a Postgres backend's title from its command line", () => {
    expect(parseCmdline('postgres: 15/main: postgres switchboard_bench_x 127.0.0.1(39150) idle\0\0\0')).toBe(
      'postgres: 15/main: postgres switchboard_bench_x 127.0.0.1(39150) idle',
    );
    expect(parseCmdline('/usr/bin/node\0bench/run.ts\0')).toBe('/usr/bin/node bench/run.ts');
  });

  it("reads a process's peak resident set (VmHWM), not its current one (VmRSS)", () => {
    const status = 'Name:\tnode\nVmPeak:\t 1234567 kB\nVmSize:\t 1200000 kB\nVmHWM:\t  301224 kB\nVmRSS:\t  250112 kB\n';
    expect(parsePeakRssKiB(status)).toBe(301224);
    expect(() => parsePeakRssKiB('Name:\tkthreadd\nState:\tS (sleeping)\n')).toThrow(/VmHWM/);
  });
});
