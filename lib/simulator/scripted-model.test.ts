import { describe, expect, it } from 'vitest';
import { anthropicCacheMinimum, AUTOMATIC_CACHE_TTL_MS, BreakpointCache, PrefixCache } from './cache';
import {
  anthropicSignature,
  decryptReasoning,
  encryptReasoning,
  redactedThinkingData,
  verifyAnthropicSignature,
  verifyRedactedThinkingData,
} from './opaque';
import { argumentFragments, fillArguments, namedToolCalls, scriptTurn, textAnswer, textDeltas, type ScriptInput } from './scripted-model';
import { estimateTokens, truncateToTokens } from './tokens';

const TOOLS = [
  { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  {
    name: 'list_files',
    parameters: { type: 'object', properties: { recursive: { type: 'boolean' }, depth: { type: 'integer' } }, required: ['recursive'] },
  },
];

function input(text: string, extra: Partial<ScriptInput> = {}): ScriptInput {
  return { latestUserText: text, toolResults: null, tools: TOOLS, toolChoice: { mode: 'auto' }, ...extra };
}

describe('scripted model', () => {
  it('answers text deterministically, about N words, [[words:N]] setting N', () => {
    const answer = textAnswer('What time is it?');
    expect(answer).toBe(textAnswer('What time is it?'));
    expect(answer.startsWith('Simulated answer to: "What time is it?".')).toBe(true);
    const words = (text: string) => text.split(/\s+/).length;
    expect(words(answer)).toBeGreaterThanOrEqual(40);
    expect(words(answer)).toBeLessThan(60);
    const long = textAnswer('essay [[words:300]]');
    expect(words(long)).toBeGreaterThanOrEqual(300);
    expect(long).toContain('Simulated answer to: "essay".');
  });

  it('calls named tools in order of appearance, with inline JSON or schema-filled arguments', () => {
    expect(namedToolCalls('first list_files then read_file {"path": "a/b.md"}', TOOLS)).toEqual([
      { name: 'list_files', arguments: { recursive: true } },
      { name: 'read_file', arguments: { path: 'a/b.md' } },
    ]);
    expect(namedToolCalls('read_file {"path":"x"} and read_file {"path":"y"}', TOOLS).map((call) => call.arguments)).toEqual([
      { path: 'x' },
      { path: 'y' },
    ]);
    expect(namedToolCalls('reading files is not read_files', TOOLS)).toEqual([]);
    expect(scriptTurn(input('read_file', { toolChoice: { mode: 'none' } })).kind).toBe('text');
    expect(scriptTurn(input('hello', { toolChoice: { mode: 'required' } }))).toEqual({
      kind: 'tool_calls',
      calls: [{ name: 'read_file', arguments: { path: 'README.md' } }],
    });
    expect(scriptTurn(input('read_file and list_files', { singleToolCall: true }))).toMatchObject({ calls: [{ name: 'read_file' }] });
  });

  it('prefers answering tool results over calling tools again', () => {
    const turn = scriptTurn(input('read_file', { toolResults: [{ name: 'read_file', content: 'x'.repeat(200) }] }));
    expect(turn).toEqual({ kind: 'text', text: `Tool read_file returned: ${'x'.repeat(120)}.` });
  });

  it('[[tool-rounds:N]] calls the named tools again until N rounds of results are in', () => {
    const results = [{ name: 'read_file', content: 'hello' }];
    const text = 'read_file {"path": "a.md"} [[tool-rounds:3]]';
    expect(scriptTurn(input(text))).toEqual({ kind: 'tool_calls', calls: [{ name: 'read_file', arguments: { path: 'a.md' } }] });
    expect(scriptTurn(input(text, { toolResults: results, toolRounds: 1 }))).toEqual({
      kind: 'tool_calls',
      calls: [{ name: 'read_file', arguments: { path: 'a.md' } }],
    });
    expect(scriptTurn(input(text, { toolResults: results, toolRounds: 2 })).kind).toBe('tool_calls');
    expect(scriptTurn(input(text, { toolResults: results, toolRounds: 3 }))).toEqual({
      kind: 'text',
      text: 'Tool read_file returned: hello.',
    });
    expect(scriptTurn(input(text, { toolResults: results, toolRounds: 1, toolChoice: { mode: 'none' } })).kind).toBe('text');
  });

  it('fills JSON Schema required properties', () => {
    expect(
      fillArguments({
        type: 'object',
        properties: {
          filename: { type: 'string' },
          name: { type: 'string' },
          count: { type: 'number' },
          flag: { type: ['boolean', 'null'] },
          mode: { enum: ['a', 'b'] },
          tags: { type: 'array' },
          options: { type: 'object', properties: { level: { type: 'integer' } }, required: ['level'] },
          either: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
          optional: { type: 'string' },
        },
        required: ['filename', 'name', 'count', 'flag', 'mode', 'tags', 'options', 'either'],
      }),
    ).toEqual({ filename: 'README.md', name: 'example', count: 1, flag: true, mode: 'a', tags: [], options: { level: 1 }, either: 1 });
  });

  it('splits text and arguments into fragments that concatenate back exactly', () => {
    const text = '  Hello there, world!  How are you today?\n';
    expect(textDeltas(text).join('')).toBe(text);
    expect(textDeltas(text).length).toBeGreaterThan(1);
    const json = JSON.stringify({ path: 'src/main.ts', recursive: true });
    expect(argumentFragments(json).join('')).toBe(json);
    expect(argumentFragments(json).length).toBeGreaterThanOrEqual(3);
  });

  it('estimates tokens as ceil(chars / 4) and truncates to a budget', () => {
    expect(estimateTokens('abcde')).toBe(2);
    expect(truncateToTokens('abcdefghij', 2)).toEqual({ text: 'abcdefgh', truncated: true });
    expect(truncateToTokens('abc', 2)).toEqual({ text: 'abc', truncated: false });
  });
});

describe('opaque reasoning blobs', () => {
  it('binds Anthropic signatures to the thinking text', () => {
    const signature = anthropicSignature('I should call read_file.');
    expect(signature).toMatch(/^E[A-Za-z0-9+/]+=*$/);
    expect(verifyAnthropicSignature('I should call read_file.', signature)).toBe(true);
    expect(verifyAnthropicSignature('I should call list_files.', signature)).toBe(false);
    expect(verifyAnthropicSignature('I should call read_file.', `${signature.slice(0, -4)}AAA=`)).toBe(false);
    expect(verifyAnthropicSignature('I should call read_file.', undefined)).toBe(false);
  });

  it('verifies redacted_thinking data', () => {
    const data = redactedThinkingData('seed');
    expect(verifyRedactedThinkingData(data)).toBe(true);
    expect(verifyRedactedThinkingData(`${data.slice(0, 30)}${data[30] === 'A' ? 'B' : 'A'}${data.slice(31)}`)).toBe(false);
  });

  it('issues Fernet-shaped encrypted_content that decrypts only when intact', () => {
    const token = encryptReasoning({ id: 'rs_1', text: 'summary' }, 1);
    expect(token).toMatch(/^gAAAAAB[A-Za-z0-9_-]+=*$/);
    expect(encryptReasoning({ id: 'rs_1', text: 'summary' }, 2)).not.toBe(token);
    expect(decryptReasoning(token)).toEqual({ id: 'rs_1', text: 'summary' });
    expect(decryptReasoning(`${token.slice(0, 50)}${token[50] === 'A' ? 'B' : 'A'}${token.slice(51)}`)).toBeNull();
    expect(decryptReasoning('gAAAAABnotatoken')).toBeNull();
  });
});

describe('prompt caches', () => {
  it('automatic prefix cache: 1024 minimum, 128-token steps', () => {
    const cache = new PrefixCache();
    const prompt = 'x'.repeat(4 * 1500);
    expect(cache.cachedTokens('s', prompt)).toBe(0);
    cache.remember('s', prompt);
    expect(cache.cachedTokens('s', `${prompt}more`)).toBe(1024 + 3 * 128);
    expect(cache.cachedTokens('other', prompt)).toBe(0);
    expect(cache.cachedTokens('s', 'x'.repeat(4 * 1000))).toBe(0);
  });

  it('breakpoint cache: creation, read, expiry', () => {
    const cache = new BreakpointCache();
    const segments = [{ text: 'p'.repeat(8000), breakpoint: '5m' as const }, { text: 'question' }];
    const first = cache.compute('s', segments, 1024, 0);
    expect(first).toMatchObject({ cacheCreationTokens: 2000, cacheReadTokens: 0, inputTokens: 2, creation5mTokens: 2000 });
    expect(cache.compute('s', segments, 1024, 60_000)).toMatchObject({ cacheCreationTokens: 0, cacheReadTokens: 2000, inputTokens: 2 });
    expect(cache.compute('s', segments, 1024, 60_000 + 5 * 60_000 + 1)).toMatchObject({ cacheCreationTokens: 2000, cacheReadTokens: 0 });
    const small = [{ text: 'p'.repeat(400), breakpoint: '5m' as const }, { text: 'q' }];
    expect(cache.compute('t', small, 1024, 0).cacheCreationTokens).toBe(0);
    expect(cache.compute('u', small, 0, 0).cacheCreationTokens).toBe(100);
    expect(cache.compute('u', small, 0, 1).cacheReadTokens).toBe(100);
    expect(anthropicCacheMinimum('claude-sonnet-4-6')).toBe(1024);
    expect(anthropicCacheMinimum('anthropic/claude-sonnet-4.5')).toBe(1024);
    expect(anthropicCacheMinimum('sim-claude')).toBe(0);
  });

  it('breakpoint cache: a lookup writes nothing until its commit', () => {
    const cache = new BreakpointCache();
    const segments = [{ text: 'p'.repeat(8000), breakpoint: '5m' as const }, { text: 'question' }];
    const undelivered = cache.lookup('s', segments, 1024, 0);
    expect(undelivered).toMatchObject({ cacheCreationTokens: 2000, cacheReadTokens: 0 });
    // Its response never reached the client: the next request writes the prefix (and reports it), it does not read it.
    const delivered = cache.lookup('s', segments, 1024, 1_000);
    expect(delivered).toMatchObject({ cacheCreationTokens: 2000, cacheReadTokens: 0 });
    delivered.commit();
    expect(cache.lookup('s', segments, 1024, 2_000)).toMatchObject({ cacheCreationTokens: 0, cacheReadTokens: 2000 });
  });

  it('automatic (OpenAI) cache: forgotten after 10 minutes unused, kept while it is used', () => {
    const cache = new PrefixCache();
    const prompt = 'x'.repeat(4 * 1500);
    cache.remember('s', prompt, 0);
    expect(cache.cachedTokens('s', prompt, AUTOMATIC_CACHE_TTL_MS - 1)).toBe(1024 + 3 * 128);
    expect(cache.cachedTokens('s', prompt, AUTOMATIC_CACHE_TTL_MS + 1)).toBe(0);
    // A request that shares the prefix refreshes it.
    cache.remember('t', prompt, 0);
    cache.remember('t', `${prompt}, then more`, AUTOMATIC_CACHE_TTL_MS - 1);
    expect(cache.cachedTokens('t', prompt, 2 * AUTOMATIC_CACHE_TTL_MS - 2)).toBe(1024 + 3 * 128);
    expect(cache.cachedTokens('t', prompt, 2 * AUTOMATIC_CACHE_TTL_MS)).toBe(0);
  });
});
