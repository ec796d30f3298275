import Anthropic from '@anthropic-ai/sdk';
import type { AttemptContext } from '../core/runtime';
import { createSdkRuntime } from '../core/sdk-runtime';
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

export const anthropicMessagesRuntime = createSdkRuntime({
  id: 'anthropic-messages',
  unsupportedSettings: anthropicUnsupportedSettings,
  settingsRules: anthropicSettingsRules,
  defaultBaseURL: 'https://api.anthropic.com',
  client: (options) => new Anthropic(options),
  request: (client, context) => () =>
    client.messages.create(buildBody(context) as unknown as Anthropic.MessageCreateParams, { signal: context.signal }).asResponse(),
  streamEvents: anthropicStreamEvents,
  bodyEvents: anthropicBodyEvents,
});
