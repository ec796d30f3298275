// What `npm test`'s summary says of each phase: its counts, and every test that failed with the first
// lines of why (CI may keep only the end of the output), read from the JSON reports of Vitest and Playwright.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** @typedef {{ test: string, why: string[] }} Failure */
/** @typedef {{ passed: number, failed: number, skipped: number, failures: Failure[] }} PhaseCounts */

const WHY_LINES = 8;
const WHY_LINE_CHARS = 300;
const ANSI = /\x1b\[[0-9;]*m/g;

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find(Boolean);
}

/** The message's lines before its stack trace, at most WHY_LINES of them, each cut to WHY_LINE_CHARS. */
export function whyLines(message) {
  const lines = [];
  for (const raw of String(message ?? '')
    .replace(ANSI, '')
    .split('\n')) {
    const line = raw.trimEnd();
    if (/^\s*(at |❯ )/.test(line)) break;
    if (!line.trim()) continue;
    lines.push(line.length > WHY_LINE_CHARS ? `${line.slice(0, WHY_LINE_CHARS)}…` : line);
    if (lines.length === WHY_LINES) break;
  }
  return lines;
}

/** Vitest's JSON report: failed tests as `file > describe > test`, and files that failed to load or run. */
export function vitestOutcome(report, root) {
  const failures = [];
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests)
      failures.push({
        test: [name, ...(test.ancestorTitles ?? []), test.title].join(' > '),
        why: whyLines((test.failureMessages ?? []).join('\n')),
      });
    if (file.status === 'failed' && failedTests.length === 0)
      failures.push({ test: `${name}: ${firstLine(file.message) ?? 'the file failed outside its tests'}`, why: [] });
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
    for (const { spec, titles } of playwrightSpecs(suite, [])) {
      const failed = (spec.tests ?? []).find((test) => test.status === 'unexpected');
      if (!failed) continue;
      const error = (failed.results ?? []).map((result) => result.error).find(Boolean);
      failures.push({ test: [`${spec.file}:${spec.line}`, ...titles, spec.title].join(' > '), why: whyLines(error?.message) });
    }
  for (const error of report.errors ?? []) failures.push({ test: `outside any test: ${firstLine(error.message) ?? 'an error'}`, why: [] });
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
