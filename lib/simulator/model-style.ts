/**
 * How each simulated model differs, so that a comparison across the Simulator profiles means
 * something: its pace (a factor on the delay between stream chunks: a slower model has a longer
 * time to first token and a longer turn) and its verbosity (a factor on the default length of a
 * plain answer; `[[words:N]]` in a task still sets it exactly). Deterministic, by model name.
 */
export type ModelStyle = { pace: number; verbosity: number };

const STYLES: { match: RegExp; style: ModelStyle }[] = [
  { match: /^anthropic\/.*claude/i, style: { pace: 2.5, verbosity: 1.25 } },
  { match: /claude/i, style: { pace: 2, verbosity: 1.5 } },
  { match: /o-reasoner/i, style: { pace: 1.5, verbosity: 1 } },
  { match: /gpt/i, style: { pace: 1, verbosity: 0.75 } },
];

const PLAIN: ModelStyle = { pace: 1, verbosity: 1 };

export function modelStyle(model: string | undefined): ModelStyle {
  return (model && STYLES.find((entry) => entry.match.test(model))?.style) || PLAIN;
}
