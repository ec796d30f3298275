// A figure over several passes: its median, its spread, every pass's value, and its target judged
// on the median (exact targets in every pass: bench/figure.ts).
import { judgedOn, meetsTarget, targetText, type BenchFigure, type Target } from './figure';

export type FigureSummary = {
  name: string;
  unit: string;
  target: string;
  judgedOn: ReturnType<typeof judgedOn>;
  /** The median of the passes that measured it; null when none did. */
  value: number | null;
  min: number | null;
  max: number | null;
  /** Every pass's value, in the order they ran; null where a pass did not measure it. */
  passes: (number | null)[];
  pass: boolean;
  /** The passes (numbered from 1) that ran under load. */
  underLoad: number[];
};

/** The middle value; of an even count, the mean of the two middle ones (exact: one more decimal at most). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2) return sorted[middle]!;
  const decimals = Math.max(...values.map(decimalsOf)) + 1;
  return roundTo((sorted[middle - 1]! + sorted[middle]!) / 2, decimals);
}

function decimalsOf(value: number): number {
  return Math.min(6, (String(value).split('.')[1] ?? '').length);
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/**
 * One figure from its value in each pass. A judged figure passes only when every pass measured it;
 * then a measured target (≤, <, ≥) is judged on the median, an exact one (=) on every pass.
 */
export function summarizeFigure(
  figure: { name: string; unit: string; target: Target },
  passes: readonly (number | null)[],
  loaded: readonly boolean[],
): FigureSummary {
  const measured = passes.filter((value): value is number => value !== null && !Number.isNaN(value));
  const value = median(measured);
  const judged = judgedOn(figure.target);
  const everyPassMeasured = measured.length === passes.length && passes.length > 0;
  const pass =
    judged === 'not judged'
      ? true
      : judged === 'every pass'
        ? everyPassMeasured && passes.every((each) => meetsTarget(figure.target, each))
        : everyPassMeasured && meetsTarget(figure.target, value);
  return {
    name: figure.name,
    unit: figure.unit,
    target: targetText(figure.target),
    judgedOn: judged,
    value,
    min: measured.length ? Math.min(...measured) : null,
    max: measured.length ? Math.max(...measured) : null,
    passes: [...passes],
    pass,
    underLoad: loaded.flatMap((underLoad, index) => (underLoad ? [index + 1] : [])),
  };
}

/**
 * The figures of several passes of one bench, matched by name, in the order the first pass gave
 * them; a figure a pass did not give is null in that pass. `loaded[i]`: pass i ran under load.
 */
export function summarizePasses(passes: readonly (readonly BenchFigure[])[], loaded: readonly boolean[]): FigureSummary[] {
  const byName = new Map<string, BenchFigure>();
  for (const figures of passes) for (const figure of figures) if (!byName.has(figure.name)) byName.set(figure.name, figure);
  return [...byName.values()].map((figure) =>
    summarizeFigure(
      figure,
      passes.map((figures) => figures.find((each) => each.name === figure.name)?.value ?? null),
      loaded,
    ),
  );
}
