import Anthropic from '@anthropic-ai/sdk';
import { FetchCapture } from '../core/capture-fetch';
import type { AttemptContext, AttemptInfo, ProviderRuntime } from '../core/runtime';
import type { StreamEvent } from '../core/types';
import { DEFAULT_TIMEOUT_MS, runAttempt } from '../core/run-attempt';
import { anthropicBodyEvents, anthropicStreamEvents } from './anthropic-events';
import { prepareAnthropicTools } from './anthropic-prepare-tools';
import { anthropicSettingsRules, anthropicUnsupportedSettings, DEFAULT_ANTHROPIC_MAX_TOKENS, thinkingBudget } from './anthropic-settings';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';

function buildBody(context: AttemptContext) {
  const { request, origin, stream } = context;
  const unsupported = new Set(anthropicUnsupportedSettings(request));
  const budget = thinkingBudget(request);
  const { system, messages } = convertToAnthropicMessages(request.messages, { origin, cache: request.cache });
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages,
    ...(system.length ? { system } : {}),
    ...prepareAnthropicTools(request.tools, request.toolChoice, request.parallelToolCalls, request.cache),
    ...(request.temperature !== undefined && !unsupported.has('temperature') ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined && !unsupported.has('topP') ? { top_p: request.topP } : {}),
    ...(request.stop?.length ? { stop_sequences: request.stop } : {}),
    ...(budget !== null ? { thinking: { type: 'enabled', budget_tokens: budget } } : {}),
    stream,
  };
}

export const anthropicMessagesRuntime: ProviderRuntime = {
  id: 'anthropic-messages',
  unsupportedSettings: anthropicUnsupportedSettings,
  settingsRules: anthropicSettingsRules,
  async *attempt(context: AttemptContext): AsyncGenerator<StreamEvent[], AttemptInfo> {
    const { config, signal, clock } = context;
    const capture = new FetchCapture(clock);
    const client = new Anthropic({
      apiKey: config.apiKey,
      baseURL: config.baseURL ?? 'https://api.anthropic.com',
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: capture.fetch,
      defaultHeaders: config.headers,
    });
    return yield* runAttempt(context, capture, {
      send: () => client.messages.create(buildBody(context) as unknown as Anthropic.MessageCreateParams, { signal }).asResponse(),
      streamEvents: anthropicStreamEvents,
      bodyEvents: anthropicBodyEvents,
    });
  },
};
