// `npm run conformance -- <dir> [<dir> …]`: replays every recorded exchange in the folders (and below)
// through the matching runtime and prints PASS/FAIL per case and a final count. Our own cases live
// beside each runtime (`npm run conformance -- lib/providers` runs them all); see conformance/README.md.
import { readFileSync } from 'node:fs';
import { findConformanceCases } from '../lib/providers/conformance/find-cases';
import { runConformanceCase } from '../lib/providers/conformance/run-case';

async function main() {
  const dirs = process.argv.slice(2).filter((arg) => arg !== '--');
  if (!dirs.length) {
    console.error('Usage: npm run conformance -- <dir> [<dir> …]');
    process.exit(2);
  }
  const files = dirs.flatMap((dir) => {
    let found: string[];
    try {
      found = findConformanceCases(dir);
    } catch (error) {
      console.error((error as Error).message);
      process.exit(2);
    }
    if (!found.length) console.error(`No .json cases under ${dir}`);
    return found;
  });
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      failed++;
      console.log(`FAIL ${file}: not JSON (${(error as Error).message})`);
      continue;
    }
    const report = await runConformanceCase(raw);
    if (report.passed) {
      passed++;
      console.log(`PASS ${report.name}`);
    } else {
      failed++;
      console.log(`FAIL ${report.name}: ${report.differences.join('; ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
