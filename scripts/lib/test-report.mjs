// What `npm test`'s summary says of each phase: its counts, and the name of every test that failed,
// read from the JSON reports of Vitest and Playwright.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** @typedef {{ passed: number, failed: number, skipped: number, failures: string[] }} PhaseCounts */

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find(Boolean);
}

/** Vitest's JSON report: failed tests as `file > describe > test`, and files that failed to load or run. */
export function vitestOutcome(report, root) {
  const failures = [];
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests) failures.push([name, ...(test.ancestorTitles ?? []), test.title].join(' > '));
    if (file.status === 'failed' && failedTests.length === 0)
      failures.push(`${name}: ${firstLine(file.message) ?? 'the file failed outside its tests'}`);
  }
  return {
    passed: report.numPassedTests,
    // numFailedTestSuites counts every describe block around a failed test: the failures are the count.
    failed: failures.length,
    skipped: report.numPendingTests + report.numTodoTests,
    failures,
  };
}

function* playwrightSpecs(suite, titles) {
  const path = suite.title && !suite.file?.endsWith(suite.title) ? [...titles, suite.title] : titles;
  for (const spec of suite.specs ?? []) yield { spec, titles: path };
  for (const child of suite.suites ?? []) yield* playwrightSpecs(child, path);
}

/** Playwright's JSON report: failed tests as `file:line > describe > test`, and errors outside any test. */
export function playwrightOutcome(report) {
  const failures = [];
  for (const suite of report.suites ?? [])
    for (const { spec, titles } of playwrightSpecs(suite, []))
      if ((spec.tests ?? []).some((test) => test.status === 'unexpected'))
        failures.push([`${spec.file}:${spec.line}`, ...titles, spec.title].join(' > '));
  for (const error of report.errors ?? []) failures.push(`outside any test: ${firstLine(error.message) ?? 'an error'}`);
  const { stats } = report;
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + (report.errors ?? []).length,
    skipped: stats.skipped,
    failures,
  };
}

/** @returns {PhaseCounts | null} null when the phase wrote no report (it did not run to completion). */
export function vitestCounts(file, root) {
  const report = readJson(file);
  return report && vitestOutcome(report, root);
}

/** @returns {PhaseCounts | null} */
export function playwrightCounts(file) {
  const report = readJson(file);
  return report && playwrightOutcome(report);
}
