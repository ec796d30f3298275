/**
 * Local provider simulator: speaks the OpenAI Chat Completions, OpenAI Responses, Anthropic
 * Messages and OpenRouter wire formats over HTTP, with a deterministic scripted model and
 * scripted faults. See README.md in this folder.
 */
export { startSimulator, INVALID_KEY, type SimulatorHandle, type SimulatorOptions } from './server';
export type { RecordedRequest } from './state';
export { SCENARIO_NAMES, type ScenarioName } from './faults';
export { parseScenarioHeader, type ScenarioHeaderParse, type ScenarioHeaderProblem } from './scenario-header';

/** Base URLs for the official SDKs, given the simulator's `url`. */
export function simulatorBaseUrls(url: string): { openai: string; anthropic: string; openrouter: string } {
  return { openai: `${url}/v1`, anthropic: url, openrouter: `${url}/openrouter/api/v1` };
}
