/** Helpers for the simulator's own tests (real SDK clients pointed at a running simulator). */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { simulatorBaseUrls, startSimulator, type SimulatorHandle } from './index';

export type Headers = Record<string, string>;

export function openaiClient(sim: SimulatorHandle, headers: Headers = {}, apiKey = 'sk-sim-test-key-0001'): OpenAI {
  return new OpenAI({ apiKey, baseURL: simulatorBaseUrls(sim.url).openai, maxRetries: 0, defaultHeaders: headers });
}

export function openrouterClient(sim: SimulatorHandle, headers: Headers = {}, apiKey = 'sk-or-v1-sim-test-key'): OpenAI {
  return new OpenAI({ apiKey, baseURL: simulatorBaseUrls(sim.url).openrouter, maxRetries: 0, defaultHeaders: headers });
}

export function anthropicClient(sim: SimulatorHandle, headers: Headers = {}, apiKey = 'sk-ant-sim-test-key'): Anthropic {
  return new Anthropic({ apiKey, baseURL: simulatorBaseUrls(sim.url).anthropic, maxRetries: 0, defaultHeaders: headers });
}

/** One simulator for the test file (no chunk delay), reset before each test; `onStart` receives it. */
export function useSimulator(onStart: (sim: SimulatorHandle) => void): void {
  let sim: SimulatorHandle | null = null;
  beforeAll(async () => {
    sim = await startSimulator({ chunkDelayMs: 0 });
    onStart(sim);
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim?.reset());
}

/** Collects every item of an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The error a promise rejects with (fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** Raw POST with fetch: status, headers and body text exactly as sent. */
export async function rawPost(
  url: string,
  body: unknown,
  headers: Headers = {},
): Promise<{ status: number; headers: globalThis.Headers; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sim-raw-key-0001', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A long, stable system prompt (well over 1024 estimated tokens) for prompt-caching tests. */
export function longPrompt(words = 1200): string {
  return Array.from({ length: words }, (_, i) => `rule${i}`).join(' ');
}

export type TestTool = {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, unknown>; required: string[]; additionalProperties?: boolean };
};

export const READ_FILE_TOOL: TestTool = {
  name: 'read_file',
  description: 'Read a file from the workspace.',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
};

export const SEARCH_TOOL: TestTool = {
  name: 'search_text',
  description: 'Search text in the workspace.',
  parameters: {
    type: 'object',
    properties: { query: { type: 'string' }, max_results: { type: 'integer' }, mode: { type: 'string', enum: ['exact', 'fuzzy'] } },
    required: ['query', 'max_results', 'mode'],
  },
};
