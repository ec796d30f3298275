/**
 * Attribute names of the spans we export. The `gen_ai.*` names follow the OpenTelemetry GenAI
 * semantic conventions (registry of open-telemetry/semantic-conventions-genai; the same names as
 * the constants of `@opentelemetry/semantic-conventions/incubating` 1.45, which attributes.test.ts
 * checks). Names that the conventions do not have live under `switchboard.`.
 */

export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  conversationId: 'gen_ai.conversation.id',
  agentName: 'gen_ai.agent.name',
  requestModel: 'gen_ai.request.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
} as const;

/** Stable general attributes. */
export const ERROR_TYPE = 'error.type';
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';

export const OPERATION = { chat: 'chat', executeTool: 'execute_tool', invokeAgent: 'invoke_agent' } as const;

/** Ours: what the conventions have no name for. */
export const SWITCHBOARD = {
  runId: 'switchboard.run.id',
  runStatus: 'switchboard.run.status',
  runResumeCount: 'switchboard.run.resume_count',
  turnIndex: 'switchboard.turn.index',
  turnStatus: 'switchboard.turn.status',
  turnFinishReason: 'switchboard.turn.finish_reason',
  turns: 'switchboard.turns',
  profile: 'switchboard.profile',
  /** The call was made by a fallback profile of the run (after its own profile failed). */
  profileFallback: 'switchboard.profile.fallback',
  runtime: 'switchboard.runtime',
  /** 1 for the first attempt of a provider call, 2 for its first retry, … */
  attempt: 'switchboard.attempt',
  /** Attempts beyond the first of each provider call (turn and run spans). */
  retries: 'switchboard.retries',
  /** Milliseconds waited (backoff or the provider's retry-after) before this attempt started. */
  waitBeforeMs: 'switchboard.attempt.wait_before_ms',
  /** The retry-after the provider asked for in its answer to this attempt, in ms. */
  retryAfterMs: 'switchboard.attempt.retry_after_ms',
  /** The provider's request id (x-request-id, request-id). */
  requestId: 'switchboard.request_id',
  /** gen_ai.request.stream says what was asked; this says whether the attempt really streamed. */
  streamActual: 'switchboard.stream.actual',
  /** Why a requested stream fell back to a plain request (streaming-disabled). */
  streamFallbackReason: 'switchboard.stream.fallback_reason',
  costUsd: 'switchboard.cost_usd',
} as const;

/** Registered `gen_ai.provider.name` values, and ours for what has none. */
const PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  // Not in the registry (semantic-conventions-genai model/gen-ai/registry.yaml): a custom value.
  openrouter: 'openrouter',
  simulator: 'switchboard.simulator',
};

export function genAiProviderName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}

export const AGENT_NAME = 'switchboard';
export const INSTRUMENTATION_SCOPE = { name: 'switchboard', version: '0.1.0' } as const;
