import { describe, expect, it } from 'vitest';
import { artifactStack } from './error-stack';

const root = '/srv/switchboard';

describe('artifactStack', () => {
  it('keeps the checkout’s own frames, relative to it, and drops bundler chunks, dependencies and Node internals', () => {
    const stack = [
      `TypeError: Cannot read properties of undefined (reading 'id') in ${root}/lib/agent/conductor.ts`,
      `    at executeRun (${root}/lib/agent/conductor.ts:212:31)`,
      `    at async handler (${root}/.next/server/chunks/ssr/[root-of-the-server]__a1b2c3._.js:1:20931)`,
      `    at Object.<anonymous> (${root}/.next/server/chunks/541.js:12:9)`,
      `    at PgBoss.work (${root}/node_modules/pg-boss/src/manager.js:310:22)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `    at runJob (file://${root}/lib/agent/worker.ts:77:11)`,
    ].join('\n');
    expect(artifactStack(stack, root)).toBe(
      [
        "TypeError: Cannot read properties of undefined (reading 'id') in ./lib/agent/conductor.ts",
        '    at executeRun (./lib/agent/conductor.ts:212:31)',
        '    at runJob (./lib/agent/worker.ts:77:11)',
      ].join('\n'),
    );
  });

  it('is null when nothing of our own code is left (a minified production stack) or there is no stack', () => {
    expect(
      artifactStack(`Error: boom\n    at a (${root}/.next/server/chunks/541.js:1:1)\n    at b (node:internal/x:1:1)`, root),
    ).toBeNull();
    expect(artifactStack(undefined, root)).toBeNull();
  });
});
