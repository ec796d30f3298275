// The ratios of the metric catalogue (metrics.ts): which two metrics each one divides. No SQL here,
// so that the browser can load it: the page's window totals divide the same metrics as the chart
// points and the alert rules.
import type { MetricName } from './metrics';

export const RATIOS = {
  streamingSuccess: {
    numerator: 'streamedOk',
    denominator: 'streamHealthAttempts',
    meaning: 'Streamed OK ÷ attempts whose stream began or was refused (failures before any stream began and cancels are not counted).',
  },
  cacheHit: {
    numerator: 'cacheReadTokens',
    denominator: 'cacheReportedInputTokens',
    meaning: 'Cache-read tokens ÷ input tokens, over the attempts that reported cache reads.',
  },
  errorRate: {
    numerator: 'errorRateFailures',
    denominator: 'errorRateAttempts',
    meaning: 'Failed attempts ÷ attempts, of those the error rate counts.',
  },
} as const satisfies Record<string, { numerator: MetricName; denominator: MetricName; meaning: string }>;

export type RatioName = keyof typeof RATIOS;

type RatioInputs<R extends RatioName> = Record<(typeof RATIOS)[R]['numerator' | 'denominator'], number>;

/** A ratio from metric values (a chart point's, a window's totals): null when the denominator is 0. */
export function ratioOf<R extends RatioName>(name: R, values: RatioInputs<R>): number | null {
  const { numerator, denominator }: { numerator: string; denominator: string } = RATIOS[name];
  const inputs: Record<string, number> = values;
  return inputs[denominator]! > 0 ? inputs[numerator]! / inputs[denominator]! : null;
}
