import { describe, expect, it } from 'vitest';
import { conditionHolds, nextTransition, type RuleCondition } from './state-machine';

const rule: RuleCondition = { metric: 'error_rate', comparison: 'gt', threshold: 20, minCalls: 10, enabled: true };

describe('alert state machine', () => {
  it('holds when the value meets the threshold over enough calls', () => {
    expect(conditionHolds(rule, { value: 25, calls: 10 })).toBe(true);
    expect(conditionHolds(rule, { value: 20, calls: 100 })).toBe(false);
    expect(conditionHolds({ ...rule, comparison: 'gte' }, { value: 20, calls: 100 })).toBe(true);
  });

  it('does not hold on too few calls: one failed call is not a 100 % error rate alert', () => {
    expect(conditionHolds(rule, { value: 100, calls: 1 })).toBe(false);
    expect(conditionHolds(rule, { value: 100, calls: 9 })).toBe(false);
  });

  it('does not hold without a value, or when the rule is disabled', () => {
    expect(conditionHolds(rule, { value: null, calls: 0 })).toBe(false);
    expect(conditionHolds({ ...rule, minCalls: 0 }, { value: null, calls: 0 })).toBe(false);
    expect(conditionHolds({ ...rule, enabled: false }, { value: 90, calls: 50 })).toBe(false);
  });

  it('compares below-threshold rules (streaming success)', () => {
    const streaming: RuleCondition = { metric: 'streaming_success', comparison: 'lt', threshold: 95, minCalls: 5, enabled: true };
    expect(conditionHolds(streaming, { value: 80, calls: 5 })).toBe(true);
    expect(conditionHolds(streaming, { value: 95, calls: 5 })).toBe(false);
    expect(conditionHolds({ ...streaming, comparison: 'lte' }, { value: 95, calls: 5 })).toBe(true);
  });

  it('moves ok → firing → resolved, and stays put otherwise', () => {
    expect(nextTransition(false, true)).toBe('fire');
    expect(nextTransition(true, true)).toBe('none');
    expect(nextTransition(true, false)).toBe('resolve');
    expect(nextTransition(false, false)).toBe('none');
  });
});
