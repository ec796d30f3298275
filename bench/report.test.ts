import { describe, expect, it } from 'vitest';
import { atMost, exactly } from './figure';
import type { MachineState, PassLoad } from './load-monitor';
import { formatLoadFootnote, formatMachine, formatPassLoad, formatTable, MARKER, type BenchLoad } from './report';
import { summarizeFigure } from './summary';

const machine: MachineState = {
  load: { one: 0.42, five: 0.5, fifteen: 0.61 },
  cores: 2,
  memory: { totalKiB: 24683748, availableKiB: 22593300 },
};
const pass = (othersShare: number, underLoad: boolean): PassLoad => ({
  othersShare,
  othersCores: othersShare * 2,
  benchCores: 1.2,
  busiestOthers: othersShare ? [{ name: 'node', cores: othersShare * 2 }] : [],
  underLoad,
  seconds: 12.34,
  before: machine,
  after: machine,
});
const quiet = [pass(0.02, false), pass(0.03, false), pass(0.01, false)];
const loaded = [pass(0.02, false), pass(0.4, true), pass(0.01, false)];
const figures = (loads: PassLoad[]) => [
  summarizeFigure(
    { name: 'ingest: chunk → NOTIFY p95', unit: 'ms', target: atMost(50) },
    [21.5, 48.2, 20.9],
    loads.map((load) => load.underLoad),
  ),
  summarizeFigure(
    { name: 'ingest: events lost', unit: 'events', target: exactly(0) },
    [0, 0, 0],
    loads.map((load) => load.underLoad),
  ),
];
const bench = (passes: PassLoad[]): BenchLoad => ({ name: 'ingest', before: machine, after: machine, passes });

describe('the bench report', () => {
  it('prints the load averages, the cores and the free memory', () => {
    expect(formatMachine(machine)).toBe('load 0.42 0.50 0.61 (1, 5, 15 min) on 2 cores; 21.5 of 23.5 GiB memory available');
  });

  it("prints a pass's time and who used the CPU, marked when under load", () => {
    expect(formatPassLoad(pass(0.02, false))).toBe('12.3 s; others used 2 % of the CPU (0.04 of 2 cores: node 0.04), the bench 1.20 cores');
    expect(formatPassLoad(pass(0.4, true))).toMatch(
      /others used 40 % of the CPU \(0\.80 of 2 cores: node 0\.80\), the bench 1\.20 cores ⚠ under load$/,
    );
  });

  it('shows each figure as its median, its spread and every pass, with its target and result', () => {
    const [header, p95, lost] = formatTable(figures(quiet));
    expect(header).toMatch(/^figure\s+median\s+spread \(min–max · each pass\)\s+target\s+result$/);
    expect(p95).toMatch(/^ingest: chunk → NOTIFY p95\s+21\.5 ms\s+20\.9–48\.2 · 21\.5 48\.2 20\.9\s+≤ 50\s+PASS$/);
    expect(lost).toMatch(/^ingest: events lost\s+0 events\s+0–0 · 0 0 0\s+= 0, every pass\s+PASS$/);
  });

  it('a quiet run has no markers and no footnote', () => {
    expect(formatTable(figures(quiet)).join('\n')).not.toContain(MARKER);
    expect(formatLoadFootnote([bench(quiet)])).toEqual([]);
  });

  it('marks a figure measured under load with its share of passes, and the footnote names the pass', () => {
    const table = formatTable(figures(loaded));
    expect(table[1]).toMatch(/PASS  ⚠ 1\/3$/);
    const footnote = formatLoadFootnote([bench(loaded)]);
    expect(footnote[0]).toMatch(/^⚠ n\/m: measured under load in n of the figure's m passes — other processes used 10 % or more/);
    expect(footnote.at(-1)).toBe('  ingest pass 2: others used 40 % of the CPU (0.80 of 2 cores: node 0.80)');
  });

  it('names the preparation when the figures measured then ran under load', () => {
    const footnote = formatLoadFootnote([{ ...bench(quiet), prepare: pass(0.3, true) }]);
    expect(footnote.at(-1)).toBe('  ingest, preparing: others used 30 % of the CPU (0.60 of 2 cores: node 0.60)');
  });
});
