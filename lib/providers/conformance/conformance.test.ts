// Every recorded exchange — ours (conformance/cases) and the shared public set when present —
// must pass the conformance runner.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformanceCase } from './run-case';

const ROOT = join(__dirname, '../../..');
const DIRS = [join(ROOT, 'conformance/cases'), join(ROOT, '../shared/conformance/cases')].filter((dir) => existsSync(dir));

const files = DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name)),
);

describe('conformance cases', () => {
  it('finds the case folders', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s', async (file) => {
    const report = await runConformanceCase(JSON.parse(readFileSync(file, 'utf8')));
    expect(report.differences).toEqual([]);
  });
});
