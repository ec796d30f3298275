import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const APP = join(__dirname, '../../..');
const PLOTS = readFileSync(join(__dirname, 'plots.ts'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The modules under a recharts/ folder that `source` imports lazily (`import('./recharts/…')`), plots.ts aside. */
const plotsLoadedApart = (source: string) =>
  [...source.matchAll(/import\(\s*['"`]([^'"`]*\/recharts\/[^'"`]+)['"`]\s*\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/\/recharts\/plots$/.test(target));

describe('the recharts plots load as one chunk', () => {
  it('plots.ts exports every plot', () => {
    const plots = readdirSync(__dirname).filter((file) => /Plot\.tsx$/.test(file));
    expect(plots.length).toBeGreaterThan(0);
    for (const plot of plots) expect(PLOTS, `${plot} is missing from plots.ts`).toContain(`from './${plot.replace(/\.tsx$/, '')}'`);
  });

  it('nothing loads a plot but through plots.ts', () => {
    for (const file of sources(APP)) expect(plotsLoadedApart(readFileSync(file, 'utf8')), relative(APP, file)).toEqual([]);
  });

  it('would catch a plot loaded on its own', () => {
    expect(plotsLoadedApart("dynamic(() => import('./recharts/QuotaPlot'), { ssr: false })")).toEqual(['./recharts/QuotaPlot']);
    expect(plotsLoadedApart("dynamic(() => import('./recharts/plots').then((plots) => plots.QuotaPlot))")).toEqual([]);
  });
});
