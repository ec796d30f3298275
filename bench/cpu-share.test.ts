import { describe, expect, it } from 'vitest';
import { accountTicks, cpuShares, processTree, servesDatabase, UNDER_LOAD_SHARE, type ProcessSnapshot } from './cpu-share';
import { parseCpuTimes, type ProcessStat } from './proc-readings';

const BENCH = 100;
const DATABASE = 'switchboard_bench_mxd8_a1b2c3';
const OWN_DATABASE = 'switchboard_bench_own_mxd9_d4e5f6';

function process(pid: number, ppid: number, selfTicks: number, extra: Partial<ProcessStat & { title: string }> = {}) {
  return { pid, ppid, comm: 'node', selfTicks, childTicks: 0, startTime: pid * 10, ...extra };
}
const backend = (pid: number, selfTicks: number, database: string, ppid = 2200) =>
  process(pid, ppid, selfTicks, { comm: 'postgres', title: `postgres: 15/main: postgres ${database} 127.0.0.1(39150) idle` });

describe('processTree', () => {
  it('holds the bench and all its descendants, nothing else', () => {
    const processes: ProcessSnapshot = [
      process(1, 0, 0),
      process(BENCH, 1, 0),
      process(101, BENCH, 0),
      process(102, 101, 0),
      process(200, 1, 0),
    ];
    expect([...processTree(processes, BENCH)].sort()).toEqual([BENCH, 101, 102]);
  });
});

describe('servesDatabase', () => {
  it("tells a backend of the bench's databases by its title", () => {
    expect(servesDatabase(backend(300, 0, DATABASE), [DATABASE])).toBe(true);
    expect(servesDatabase(backend(300, 0, OWN_DATABASE), [DATABASE, OWN_DATABASE])).toBe(true);
    expect(servesDatabase(backend(300, 0, `${DATABASE}_other`), [DATABASE])).toBe(false);
    expect(servesDatabase({ comm: 'node', title: DATABASE }, [DATABASE])).toBe(false);
    expect(servesDatabase(backend(300, 0, DATABASE), [])).toBe(false);
  });
});

describe('accountTicks', () => {
  it("charges the bench its tree's ticks and others theirs, by name", () => {
    const account = accountTicks(
      [
        [process(BENCH, 1, 50), process(101, BENCH, 10), process(200, 1, 1000), process(201, 1, 5, { comm: 'vitest' })],
        [process(BENCH, 1, 80), process(101, BENCH, 70), process(200, 1, 1300), process(201, 1, 5, { comm: 'vitest' })],
      ],
      BENCH,
      [],
    );
    expect(account.bench).toBe(30 + 60);
    expect([...account.othersByName]).toEqual([['node', 300]]);
  });

  it('charges the bench a child that lived and ended between two snapshots, through the ticks of the children it waited for', () => {
    const account = accountTicks([[process(BENCH, 1, 50)], [process(BENCH, 1, 60, { childTicks: 40 })]], BENCH, []);
    expect(account.bench).toBe(10 + 40);
  });

  it('counts a child seen and then waited for once', () => {
    const account = accountTicks(
      [
        [process(BENCH, 1, 50), process(102, BENCH, 0)],
        [process(BENCH, 1, 55), process(102, BENCH, 30)],
        [process(BENCH, 1, 60, { childTicks: 35 })],
      ],
      BENCH,
      [],
    );
    expect(account.bench).toBe(10 + 35);
  });

  it('charges the bench a child that left its tree (its parent ended first), up to its last sighting', () => {
    const account = accountTicks(
      [[process(BENCH, 1, 0), process(103, BENCH, 10)], [process(BENCH, 1, 0), process(103, 1, 40)], [process(BENCH, 1, 0)]],
      BENCH,
      [],
    );
    expect(account.bench).toBe(30);
    expect(account.othersByName.size).toBe(0);
  });

  it("charges the bench the backends of its database on another server, and others the other databases' backends", () => {
    const account = accountTicks(
      [
        [process(BENCH, 1, 0), backend(300, 5, DATABASE), backend(310, 100, 'switchboard_test_x')],
        [process(BENCH, 1, 0), backend(300, 15, DATABASE), backend(301, 25, DATABASE), backend(310, 160, 'switchboard_test_x')],
        [process(BENCH, 1, 0), backend(300, 20, DATABASE), backend(310, 170, 'switchboard_test_x')],
      ],
      BENCH,
      [DATABASE],
    );
    expect(account.bench).toBe(15 + 25);
    expect([...account.othersByName]).toEqual([['postgres', 70]]);
  });

  it("counts the backends of the bench's own embedded server once, through its tree", () => {
    const account = accountTicks(
      [
        [process(BENCH, 1, 0), process(150, BENCH, 0, { comm: 'postgres' }), backend(151, 5, DATABASE, 150)],
        [process(BENCH, 1, 0), process(150, BENCH, 2, { comm: 'postgres' }), backend(151, 25, DATABASE, 150)],
      ],
      BENCH,
      [DATABASE],
    );
    expect(account.bench).toBe(2 + 20);
  });

  it('tells a process from a later one that reuses its pid', () => {
    const account = accountTicks(
      [
        [process(BENCH, 1, 0), process(400, 1, 100, { startTime: 1 })],
        [process(BENCH, 1, 0), process(400, 1, 5, { startTime: 2 })],
      ],
      BENCH,
      [],
    );
    expect([...account.othersByName]).toEqual([['node', 5]]);
  });
});

describe('cpuShares', () => {
  // 10 s on 2 cores at 100 ticks a second: 2,000 ticks of CPU time in all.
  const before = parseCpuTimes('cpu  1000 0 500 8000 0 0 0 0 0 0\ncpu0 500 0 250 4000 0 0 0 0 0 0\ncpu1 500 0 250 4000 0 0 0 0 0 0\n');
  const after = (busy: number, steal = 0) =>
    parseCpuTimes(`cpu  ${1000 + busy} 0 500 ${8000 + 2000 - busy - steal} 0 0 0 ${steal} 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\n`);
  const bench = (ticks: number, others: [string, number][] = []) => ({ bench: ticks, othersByName: new Map(others) });

  it('a quiet pass: others used less than a tenth of the machine', () => {
    const shares = cpuShares(before, after(1_000), bench(900, [['node', 60]]));
    expect(shares).toEqual({
      othersShare: 0.05,
      othersCores: 0.1,
      benchCores: 0.9,
      busiestOthers: [{ name: 'node', cores: 0.06 }],
      underLoad: false,
    });
  });

  it('a pass under load: others used a tenth of the machine or more', () => {
    const shares = cpuShares(
      before,
      after(1_400),
      bench(900, [
        ['vitest', 300],
        ['postgres', 150],
        ['node', 20],
        ['ps', 1],
      ]),
    );
    expect(shares.othersShare).toBe(0.25);
    expect(shares.underLoad).toBe(true);
    expect(shares.busiestOthers.map((other) => other.name)).toEqual(['vitest', 'postgres', 'node']);
    expect(cpuShares(before, after(900 + 2000 * UNDER_LOAD_SHARE), bench(900)).underLoad).toBe(true);
    expect(cpuShares(before, after(900 + 2000 * UNDER_LOAD_SHARE - 1), bench(900)).underLoad).toBe(false);
  });

  it('counts CPU time the hypervisor gave to other machines as taken by others', () => {
    const shares = cpuShares(before, after(900, 300), bench(900));
    expect(shares.othersShare).toBe(0.15);
    expect(shares.underLoad).toBe(true);
  });

  it('never gives others less than nothing when the bench is charged more than the machine counted', () => {
    expect(cpuShares(before, after(800), bench(900))).toMatchObject({ othersShare: 0, benchCores: 0.8, underLoad: false });
  });

  it('says nothing of a pass shorter than a tick', () => {
    expect(cpuShares(before, before, bench(0))).toMatchObject({ othersShare: 0, underLoad: false });
  });
});
