import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as d3Scale from 'd3-scale';
import type { combineRealScaleType as CombineRealScaleType } from 'recharts/types/state/selectors/combiners/combineRealScaleType';
import { describe, expect, it } from 'vitest';
// @ts-expect-error recharts ships no types beside its es6 files (they are under recharts/types).
import { combineRealScaleType as untypedCombineRealScaleType } from 'recharts/es6/state/selectors/combiners/combineRealScaleType';
import * as subset from './d3-scale-subset';

const combineRealScaleType = untypedCombineRealScaleType as typeof CombineRealScaleType;
const shipped = (name: string) => `scale${name[0]!.toUpperCase()}${name.slice(1)}` in subset;
/** The scales a plot's source names (`scale="log"`). */
const namedScales = (source: string) => [...source.matchAll(/\bscale=\{?["'`](\w+)["'`]/g)].map((match) => match[1]!);

describe('the d3 scales the recharts plots ship with', () => {
  it('are d3-scale’s own', () => {
    for (const [name, scale] of Object.entries(subset)) expect(scale).toBe((d3Scale as Record<string, unknown>)[name]);
  });

  it('hold every scale recharts chooses by itself for a category or number axis of these charts', () => {
    for (const chartType of ['ComposedChart', 'BarChart'])
      for (const type of ['category', 'number'] as const)
        for (const hasBar of [true, false]) {
          const picked = combineRealScaleType({ scale: 'auto', type } as Parameters<typeof CombineRealScaleType>[0], hasBar, chartType);
          expect(picked && shipped(picked), `${chartType}, ${type} axis, bars: ${hasBar} → ${picked}`).toBe(true);
        }
  });

  it('hold every scale a plot names', () => {
    const plots = readdirSync(__dirname).filter((file) => file.endsWith('.tsx'));
    expect(plots.length).toBeGreaterThan(0);
    for (const plot of plots)
      for (const name of namedScales(readFileSync(join(__dirname, plot), 'utf8')))
        expect(shipped(name), `${plot}: scale="${name}" is not in d3-scale-subset.js`).toBe(true);
  });

  it('would catch a plot that names a scale left out', () => {
    expect(namedScales('<YAxis scale="log" width={48} />')).toEqual(['log']);
    expect(shipped('log')).toBe(false);
  });
});
