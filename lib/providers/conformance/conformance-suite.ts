// Test support: a Vitest suite that replays a folder of conformance cases through the runner.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeId } from '../core/types';
import { conformanceCaseSchema } from './case-schema';
import { findConformanceCases } from './find-cases';
import { runConformanceCase, runtimeOfCase } from './run-case';

/**
 * One test per case file of `dir`; each must pass the runner with no difference. With `runtime`,
 * each case must also be one that runtime replays (a case filed in the wrong runtime folder fails).
 */
export function describeConformanceCases(title: string, dir: string, options: { runtime?: RuntimeId } = {}): void {
  const files = findConformanceCases(dir);
  describe(title, () => {
    it('has recorded cases', () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it.each(files.map((file) => [basename(file), file]))('%s', async (_name, file) => {
      const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (options.runtime) {
        const parsed = conformanceCaseSchema.safeParse(raw);
        expect(parsed.success && runtimeOfCase(parsed.data.provider), 'the runtime that replays this case').toBe(options.runtime);
      }
      const report = await runConformanceCase(raw);
      expect(report.differences).toEqual([]);
    });
  });
}
