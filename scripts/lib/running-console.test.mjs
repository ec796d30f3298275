import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure, ExpectedFailure } from './expected-failure.mjs';
import { claimCheckout, refuseRebuildUnderConsole, runningConsole } from './running-console.mjs';

const roots = [];
function checkout() {
  const root = mkdtempSync(join(tmpdir(), 'switchboard-claim-'));
  roots.push(root);
  return root;
}
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

const failureOf = (run) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('one npm start per checkout', () => {
  it('a second start is refused with one line naming the first, and the first keeps its claim', () => {
    const root = checkout();
    claimCheckout(root, { port: 3000, self: 101, isStart: () => true });
    const error = failureOf(() => claimCheckout(root, { port: 3001, self: 202, isStart: (pid) => pid === 101 }));
    expect(error).toBeInstanceOf(ExpectedFailure);
    expect(describeFailure(error)).toBe(
      'Switchboard is already running from this checkout (pid 101, http://localhost:3000). ' +
        'Stop it first (Ctrl-C in its terminal); to run more workers beside it, use `npm run worker`.',
    );
    expect(JSON.parse(readFileSync(join(root, '.data/console.json'), 'utf8'))).toEqual({ pid: 101, port: 3000 });
  });

  it('a claim whose process is gone (killed npm start, or its pid reused by another program) does not stop the next start', () => {
    const root = checkout();
    mkdirSync(join(root, '.data'));
    writeFileSync(join(root, '.data/console.json'), JSON.stringify({ pid: 101, port: 3000 }));
    const release = claimCheckout(root, { port: 3005, self: 303, isStart: () => false });
    expect(runningConsole(root, { self: 404, isStart: (pid) => pid === 303 })).toEqual({ pid: 303, port: 3005 });
    release();
    expect(existsSync(join(root, '.data/console.json'))).toBe(false);
  });

  it("a release leaves another process's claim alone; an unreadable claim counts as none", () => {
    const root = checkout();
    const release = claimCheckout(root, { port: 3000, self: 101, isStart: () => false });
    writeFileSync(join(root, '.data/console.json'), JSON.stringify({ pid: 202, port: 3001 }));
    release();
    expect(existsSync(join(root, '.data/console.json'))).toBe(true);
    writeFileSync(join(root, '.data/console.json'), '{"pid": ');
    expect(runningConsole(root, { isStart: () => true })).toBeNull();
  });

  it('its own claim is not "another console"', () => {
    const root = checkout();
    claimCheckout(root, { port: 3000, self: 101, isStart: () => true });
    expect(runningConsole(root, { self: 101, isStart: () => true })).toBeNull();
  });

  it('a rebuild under a running console is refused, saying why', () => {
    const root = checkout();
    claimCheckout(root, { port: 3000, self: 101, isStart: () => true });
    const error = failureOf(() => refuseRebuildUnderConsole(root, { self: 202, isStart: () => true }));
    expect(describeFailure(error)).toMatch(
      /^The console running from this checkout \(pid 101, http:\/\/localhost:3000\) serves the current build/,
    );
    expect(() => refuseRebuildUnderConsole(root, { self: 202, isStart: () => false })).not.toThrow();
  });
});
