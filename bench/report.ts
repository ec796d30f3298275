// What `npm run bench` prints: the machine around each bench and pass, then every figure as the
// median of its passes with its spread, its target and result, and a marker where it was measured
// under load, explained in a footnote. Formatting only: the lines are returned, the runner prints them.
import { UNDER_LOAD_SHARE } from './cpu-share';
import type { MachineState, PassLoad } from './load-monitor';
import type { FigureSummary } from './summary';

/** One bench's watch over the machine: before and after it, and each measuring pass (`prepare`: when it measured figures then). */
export type BenchLoad = { name: string; before: MachineState; after: MachineState; prepare?: PassLoad; passes: PassLoad[] };

export const MARKER = '⚠';

const GiB = 1024 * 1024;
const fixed = (value: number, digits = 2) => value.toFixed(digits);

export function formatMachine(state: MachineState): string {
  const { one, five, fifteen } = state.load;
  return (
    `load ${fixed(one)} ${fixed(five)} ${fixed(fifteen)} (1, 5, 15 min) on ${state.cores} cores; ` +
    `${fixed(state.memory.availableKiB / GiB, 1)} of ${fixed(state.memory.totalKiB / GiB, 1)} GiB memory available`
  );
}

function formatOthers(load: PassLoad): string {
  const busiest = load.busiestOthers.filter((other) => other.cores >= 0.005);
  const names = busiest.length ? `: ${busiest.map((other) => `${other.name} ${fixed(other.cores)}`).join(', ')}` : '';
  return `others used ${Math.round(load.othersShare * 100)} % of the CPU (${fixed(load.othersCores)} of ${load.after.cores} cores${names})`;
}

/** "12.3 s; others used 3 % of the CPU (0.06 of 2 cores: node 0.05), the bench 1.41 cores", marked when under load. */
export function formatPassLoad(load: PassLoad): string {
  return `${fixed(load.seconds, 1)} s; ${formatOthers(load)}, the bench ${fixed(load.benchCores)} cores${load.underLoad ? ` ${MARKER} under load` : ''}`;
}

const formatValue = (value: number | null, unit: string) => (value === null ? 'n/a' : unit ? `${value} ${unit}` : String(value));

function formatSpread(figure: FigureSummary): string {
  if (figure.passes.length === 1) return 'one pass';
  const each = figure.passes.map((value) => (value === null ? 'n/a' : String(value))).join(' ');
  return figure.min === null ? each : `${figure.min}–${figure.max} · ${each}`;
}

function formatResult(figure: FigureSummary): string {
  const result = figure.judgedOn === 'not judged' ? '-' : figure.pass ? 'PASS' : 'MISS';
  return figure.underLoad.length ? `${result.padEnd(4)}  ${MARKER} ${figure.underLoad.length}/${figure.passes.length}` : result;
}

/** The table: figure, median, spread (min–max · each pass), target, result and the load marker. */
export function formatTable(figures: readonly FigureSummary[]): string[] {
  const rows = figures.map((figure) => [
    figure.name,
    formatValue(figure.value, figure.unit),
    formatSpread(figure),
    figure.judgedOn === 'every pass' ? `${figure.target}, every pass` : figure.target,
    formatResult(figure),
  ]);
  const header = ['figure', 'median', 'spread (min–max · each pass)', 'target', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The footnote for the markers, naming each pass under load; nothing when every pass ran on a quiet machine. */
export function formatLoadFootnote(benches: readonly BenchLoad[]): string[] {
  const loaded = benches.flatMap((bench) => [
    ...(bench.prepare?.underLoad ? [`  ${bench.name}, preparing: ${formatOthers(bench.prepare)}`] : []),
    ...bench.passes.flatMap((pass, index) => (pass.underLoad ? [`  ${bench.name} pass ${index + 1}: ${formatOthers(pass)}`] : [])),
  ]);
  if (!loaded.length) return [];
  return [
    `${MARKER} n/m: measured under load in n of the figure's m passes — other processes used ${Math.round(UNDER_LOAD_SHARE * 100)} % or more`,
    `  of the machine's CPU during them (CPU time of the bench's own processes and of its database's backends excluded),`,
    `  so the figure may be worse than the code is; measure it again on a quiet machine. Passes under load:`,
    ...loaded,
  ];
}

export const LEGEND =
  'median of the passes; spread: lowest–highest, then each pass in order. Targets ≤ < ≥ are judged on the median, = in every pass.';
