import { generate } from '../core/execute';
import { NO_RETRY_POLICY } from '../core/retry';
import type { RuntimeConfig } from '../core/runtime';
import type { Message, ProviderRequest, ProviderResult, RuntimeId, ToolDefinition } from '../core/types';
import { providerRuntimes } from '../registry';
import { conformanceCaseSchema, type ConformanceCase } from './case-schema';
import { compareOutcome } from './compare';
import { outcomeOf } from './outcome';
import { ReplayServer } from './replay-server';

const RUNTIME_FOR_PROVIDER: Record<ConformanceCase['provider'], { runtime: RuntimeId; basePath: string }> = {
  'openai-chat': { runtime: 'openai-chat', basePath: '/v1' },
  'openai-responses': { runtime: 'openai-responses', basePath: '/v1' },
  openrouter: { runtime: 'openrouter', basePath: '/api/v1' },
  anthropic: { runtime: 'anthropic-messages', basePath: '' },
};

/** The runtime that replays a case of this provider. */
export function runtimeOfCase(provider: ConformanceCase['provider']): RuntimeId {
  return RUNTIME_FOR_PROVIDER[provider].runtime;
}

export type CaseReport = { name: string; passed: boolean; differences: string[] };

function toolsFor(testCase: ConformanceCase): ToolDefinition[] {
  const names = new Set((testCase.expect.tool_calls ?? []).map((call) => call.name));
  if (!names.size) names.add('read_file');
  return [...names].map((name) => ({
    name,
    description: `${name} (conformance)`,
    inputSchema: { type: 'object', properties: {}, additionalProperties: true },
  }));
}

function requestFor(testCase: ConformanceCase, messages: Message[]): ProviderRequest {
  return {
    model: 'conformance-model',
    messages,
    tools: toolsFor(testCase),
    stream: testCase.request_hint.stream,
    maxOutputTokens: 1024,
    ...(testCase.expect.reasoning ? { reasoning: { effort: 'medium', summary: 'auto', budgetTokens: 2048 } } : {}),
    threading: 'stateless',
  };
}

/** Every opaque blob of the result; each must reach the next request unchanged. */
function opaqueValues(result: ProviderResult): string[] {
  return result.reasoning.flatMap((part) => [part.encrypted, part.signature].filter((value): value is string => !!value));
}

function containsString(value: unknown, wanted: string): boolean {
  if (typeof value === 'string') return value === wanted;
  if (Array.isArray(value)) return value.some((item) => containsString(item, wanted));
  if (value && typeof value === 'object') return Object.values(value).some((item) => containsString(item, wanted));
  return false;
}

/**
 * Serves the recorded response, runs the matching runtime through its SDK against it (one
 * attempt: no retries, no streaming fallback), and compares the normalized outcome with `expect`.
 * Opaque reasoning must then go back byte-for-byte in the next request.
 */
export async function runConformanceCase(raw: unknown): Promise<CaseReport> {
  const parsed = conformanceCaseSchema.safeParse(raw);
  if (!parsed.success) {
    const name =
      raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : '(unnamed)';
    return {
      name,
      passed: false,
      differences: [`invalid case file: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`],
    };
  }
  const testCase = parsed.data;
  const { runtime: runtimeId, basePath } = RUNTIME_FOR_PROVIDER[testCase.provider];
  const runtime = providerRuntimes.get(runtimeId);
  const server = new ReplayServer(testCase.response);
  const url = await server.start();
  try {
    const config: RuntimeConfig = {
      runtime: runtimeId,
      apiKey: 'sk-conformance-test-key',
      baseURL: `${url}${basePath}`,
      retry: NO_RETRY_POLICY,
      streamFallback: { enabled: false },
      timeoutMs: 10_000,
      streamIdleTimeoutMs: 10_000,
    };
    const messages: Message[] = [
      { role: 'system', content: 'You are a conformance probe.' },
      { role: 'user', content: [{ type: 'text', text: 'Hello.' }] },
    ];
    const result = await generate(runtime, config, requestFor(testCase, messages));
    const differences = compareOutcome(testCase.expect, outcomeOf(result));

    const opaque = opaqueValues(result);
    if (opaque.length && !result.error) {
      const followUp: Message[] = [
        ...messages,
        result.message,
        result.toolCalls.length
          ? {
              role: 'tool',
              content: result.toolCalls.map((call) => ({ type: 'tool-result', toolCallId: call.id, toolName: call.name, output: 'ok' })),
            }
          : { role: 'user', content: [{ type: 'text', text: 'Go on.' }] },
      ];
      const before = server.requests.length;
      await generate(runtime, config, requestFor(testCase, followUp));
      const sent = server.requests[before];
      const body = sent ? (JSON.parse(sent.body) as unknown) : null;
      for (const value of opaque) {
        if (!containsString(body, value))
          differences.push(`round trip: the next request does not carry ${JSON.stringify(value.slice(0, 24))}… unchanged`);
      }
    }
    return { name: testCase.name, passed: differences.length === 0, differences };
  } finally {
    await server.close();
  }
}
