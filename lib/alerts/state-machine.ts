// The alert state machine: a rule is ok or firing. ok → firing when the condition holds (an
// incident opens); firing → resolved when it no longer holds (the incident closes). Pure.
import { compare, type AlertComparison, type AlertMetric } from './metrics';

export type Measurement = {
  /** null when the window holds no calls of the metric's sample. */
  value: number | null;
  /** Size of the metric's sample in the window (what minCalls counts). */
  calls: number;
};

export type RuleCondition = {
  metric: AlertMetric;
  comparison: AlertComparison;
  threshold: number;
  minCalls: number;
  enabled: boolean;
};

/** The condition holds when the rule is enabled, the sample is large enough and the value meets the threshold. */
export function conditionHolds(rule: RuleCondition, measurement: Measurement): boolean {
  if (!rule.enabled || measurement.value === null || !Number.isFinite(measurement.value)) return false;
  if (measurement.calls < rule.minCalls) return false;
  return compare(measurement.value, rule.comparison, rule.threshold);
}

export type Transition = 'fire' | 'resolve' | 'none';

export function nextTransition(firing: boolean, holds: boolean): Transition {
  if (!firing && holds) return 'fire';
  if (firing && !holds) return 'resolve';
  return 'none';
}
