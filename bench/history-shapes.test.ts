import { describe, expect, it } from 'vitest';
import { callsPerShape, instantiate, makeShapes, profileSlots, rowsOfRuns, runsForCalls, SEED_PROFILES, SHAPES } from './history-shapes';

const shapes = makeShapes();
const perShape = callsPerShape(shapes);
const templates = shapes.flatMap((shape) => SEED_PROFILES.map((entry) => instantiate(shape, entry)));

describe('the profiles of a seeded history', () => {
  it('gives each profile its percent of 100 slots', () => {
    const slots = profileSlots();
    expect(slots).toHaveLength(100);
    SEED_PROFILES.forEach((entry, index) => expect(slots.filter((slot) => slot === index)).toHaveLength(entry.percent));
  });

  it('refuses percents that do not add up to 100', () => {
    expect(() => profileSlots(SEED_PROFILES.slice(1))).toThrow(/not 100/);
  });
});

describe('the cycle of run shapes', () => {
  it('is the same on every run of the bench', () => {
    expect(makeShapes()).toEqual(shapes);
    expect(shapes).toHaveLength(SHAPES);
  });

  it('has the shares of a working instance: mostly succeeded runs of a few turns, some failures, cancels and interruptions', () => {
    const share = (status: string) => shapes.filter((shape) => shape.status === status).length / shapes.length;
    expect(share('succeeded')).toBeGreaterThan(0.88);
    for (const status of ['failed', 'cancelled', 'interrupted']) expect(share(status)).toBeGreaterThan(0);
    const calls = perShape.reduce((sum, count) => sum + count, 0) / shapes.length;
    expect(calls).toBeGreaterThan(2.5);
    expect(calls).toBeLessThan(4.5);
    const kinds = new Set(templates.flatMap((template) => template.calls.map((call) => call.errorKind)));
    for (const kind of ['rate_limit', 'overloaded', 'server', 'stream_unsupported', 'network', 'cancelled']) expect(kinds).toContain(kind);
  });
});

describe('runsForCalls', () => {
  it('takes the fewest whole runs that make at least the calls asked for', () => {
    const cycle = perShape.reduce((sum, count) => sum + count, 0);
    for (const calls of [1, 2, perShape[0]! + 1, cycle, cycle + 1, 10 * cycle - 1, 1_000_000]) {
      const { runs, calls: made } = runsForCalls(perShape, calls);
      expect(made).toBe(rowsOfRuns(perShape, runs));
      expect(made).toBeGreaterThanOrEqual(calls);
      expect(rowsOfRuns(perShape, runs - 1)).toBeLessThan(calls);
    }
  });

  it('counts the rows of any number of runs, whole cycles and a part', () => {
    expect(rowsOfRuns([1, 2, 3], 0)).toBe(0);
    expect(rowsOfRuns([1, 2, 3], 2)).toBe(3);
    expect(rowsOfRuns([1, 2, 3], 7)).toBe(13);
    expect(runsForCalls([1, 2, 3], 13)).toEqual({ runs: 7, calls: 13 });
    expect(runsForCalls([1, 2, 3], 14)).toEqual({ runs: 8, calls: 15 });
  });
});

describe('a shape under a profile', () => {
  it("sums the run's calls into its row, and numbers them in time order", () => {
    for (const { run, calls, turns } of templates) {
      expect(run.inputTokens).toBe(calls.reduce((sum, call) => sum + call.inputTokens, 0));
      expect(run.outputTokens).toBe(calls.reduce((sum, call) => sum + call.outputTokens, 0));
      expect(run.turnCount).toBe(turns.length);
      expect(calls.map((call) => call.seq)).toEqual(calls.map((_, index) => index));
      for (const [index, call] of calls.entries()) {
        if (index) expect(call.offsetMs).toBeGreaterThanOrEqual(calls[index - 1]!.offsetMs + calls[index - 1]!.latencyMs);
        const turn = turns[call.turnIndex]!;
        expect(call.turnStartMs).toBe(turn.startMs);
        expect(call.offsetMs + call.latencyMs).toBeLessThanOrEqual(turn.endMs);
      }
      expect(run.endMs).toBeGreaterThanOrEqual(turns.at(-1)!.endMs);
    }
  });

  it('says why each attempt after the first happened, and what failed before it', () => {
    for (const { calls } of templates) {
      for (const [index, call] of calls.entries()) {
        if (call.attempt === 1) expect([call.cause, call.causeKind]).toEqual([null, null]);
        else {
          const previous = calls[index - 1]!;
          expect(call.causeKind).toBe(previous.errorKind);
          expect(call.cause).toBe(previous.errorKind === 'stream_unsupported' ? 'stream-fallback' : 'retry');
        }
      }
    }
  });

  it('ends a run as its last turn ended: failed with an error artifact, cancelled, or interrupted without an answer', () => {
    for (const { run, turns, calls } of templates) {
      const last = turns.at(-1)!;
      const lastCall = calls.filter((call) => call.turnIndex === last.index).at(-1);
      if (run.status === 'failed') {
        expect(last).toMatchObject({ status: 'failed', artifactKind: lastCall!.errorKind });
        expect(run.errorKind).toBe(lastCall!.errorKind);
        expect(run.errorCount).toBe(1);
      } else if (run.status === 'cancelled') {
        expect(last.status).toBe('cancelled');
        expect(lastCall).toMatchObject({ status: 'error', errorKind: 'cancelled', httpStatus: null });
      } else if (run.status === 'interrupted') {
        expect(last).toMatchObject({ status: 'failed', finishReason: 'interrupted', artifactKind: null });
        expect(run.errorKind).toBe('interrupted');
      } else {
        expect(run.errorCount).toBe(0);
        expect(lastCall).toMatchObject({ status: 'ok', finishReason: 'stop' });
      }
    }
  });

  it("reports what the profile's provider reports: null, never 0, for what it does not", () => {
    const byProfile = (name: string) =>
      templates.filter((template) => template.run.profileName === name).flatMap((template) => template.calls);
    const ok = (name: string) => byProfile(name).filter((call) => call.status === 'ok');
    expect(ok('anthropic-claude-sonnet').every((call) => call.reasoningTokens === null && call.cacheWriteTokens !== null)).toBe(true);
    expect(ok('openai-gpt-4.1').every((call) => call.reasoningTokens === 0 && call.cacheWriteTokens === null)).toBe(true);
    expect(ok('openrouter-gemini-pro').every((call) => call.cacheReadTokens === null && call.costUsd === null)).toBe(true);
    expect(ok('openrouter-claude-sonnet').every((call) => call.providerCostUsd !== null && call.costUsd !== null)).toBe(true);
    expect(byProfile('anthropic-claude-sonnet').filter((call) => call.errorKind === 'overloaded')[0]?.httpStatus).toBe(529);
    expect(byProfile('openai-gpt-4.1').filter((call) => call.errorKind === 'overloaded')[0]?.httpStatus).toBe(503);
    const failed = templates.flatMap((template) => template.calls).filter((call) => call.status === 'error');
    expect(failed.every((call) => call.inputTokens === 0 && call.cacheReadTokens === null && call.costUsd === null)).toBe(true);
  });

  it('asks for no stream after a refusal, and names the fallback', () => {
    const refused = templates.filter((template) => template.calls.some((call) => call.errorKind === 'stream_unsupported'));
    expect(refused.length).toBeGreaterThan(0);
    for (const { calls } of refused) {
      const at = calls.findIndex((call) => call.errorKind === 'stream_unsupported');
      expect(calls[at]).toMatchObject({ streamActual: true, streamStarted: false, httpStatus: 400 });
      for (const call of calls.slice(at + 1))
        expect(call).toMatchObject({ streamActual: false, streamStarted: false, fallbackReason: expect.any(String) });
    }
  });
});
