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

/** The four workspace tools as the console offers them (the shape of lib/tools' schemas, required fields included). */
export const WORKSPACE_TOOLS: TestTool[] = [
  {
    name: 'list_files',
    description: 'List a folder of the workspace.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', default: '.' },
        recursive: { type: 'boolean', default: false },
        max_entries: { type: 'integer' },
      },
      required: [],
    },
  },
  {
    name: 'read_file',
    description: 'Read a text file of the workspace.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, offset: { type: 'integer' }, max_bytes: { type: 'integer' } },
      required: ['path'],
    },
  },
  {
    name: 'write_file',
    description: 'Create or replace a text file of the workspace.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, content: { type: 'string' }, create_dirs: { type: 'boolean' } },
      required: ['path', 'content'],
    },
  },
  {
    name: 'search_text',
    description: 'Search the text files of the workspace.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string' }, path: { type: 'string' }, regex: { type: 'boolean' } },
      required: ['query'],
    },
  },
];

/**
 * An in-memory workspace that answers the workspace tools with the JSON lib/tools returns
 * (`{ok: true, entries}`, `{ok: true, content}`, `{ok: false, error: {code, message}}`, …).
 */
export class FakeWorkspace {
  readonly files = new Map<string, string>([
    ['README.md', '# Sample project\n\nA tiny workspace for trying agents.\n\nTODO: add a test for `parseDuration`.\n'],
    ['src/duration.ts', 'export function parseDuration(text: string): number | null {\n  return null;\n}\n'],
  ]);

  run(name: string, args: Record<string, unknown>): { ok: boolean } & Record<string, unknown> {
    const path = typeof args.path === 'string' ? args.path : '.';
    switch (name) {
      case 'list_files': {
        const names = [...this.files.keys()].sort();
        const folders = [...new Set(names.filter((file) => file.includes('/')).map((file) => file.split('/')[0]!))];
        const entries = [
          ...names.map((file) => ({ name: file, type: 'file' })),
          ...folders.map((folder) => ({ name: folder, type: 'dir' })),
        ];
        return { ok: true, path, entries: entries.sort((a, b) => a.name.localeCompare(b.name)), truncated: false };
      }
      case 'read_file': {
        const content = this.files.get(path);
        if (content === undefined) return { ok: false, error: { code: 'not_found', message: `${path} does not exist`, path: ['path'] } };
        return { ok: true, path, content, size: content.length, truncated: false };
      }
      case 'write_file': {
        const created = !this.files.has(path);
        this.files.set(path, String(args.content));
        return { ok: true, path, bytes_written: Buffer.byteLength(String(args.content)), created };
      }
      case 'search_text': {
        const query = String(args.query).toLowerCase();
        const matches = [...this.files].flatMap(([file, content]) =>
          content.split('\n').flatMap((text, index) => (text.toLowerCase().includes(query) ? [{ path: file, line: index + 1, text }] : [])),
        );
        return { ok: true, matches, truncated: false };
      }
      default:
        return { ok: false, error: { code: 'unknown_tool', message: `no tool named ${name}` } };
    }
  }
}
