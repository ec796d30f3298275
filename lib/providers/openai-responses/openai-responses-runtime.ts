import OpenAI from 'openai';
import type { AttemptContext } from '../core/runtime';
import { createSdkRuntime } from '../core/sdk-runtime';
import type { ProviderRequest } from '../core/types';
import { convertToResponsesInput } from './convert-to-responses-input';
import { openAIResponsesSettingsRules, responsesUnsupportedSettings } from './openai-responses-settings';
import { prepareResponsesTools } from './prepare-responses-tools';
import { responsesBodyEvents, responsesStreamEvents } from './responses-events';

function buildBody(request: ProviderRequest, context: AttemptContext) {
  const threading = request.threading ?? 'stateless';
  const unsupported = new Set(responsesUnsupportedSettings(request));
  const { instructions, input, previousResponseId } = convertToResponsesInput(request.messages, { origin: context.origin, threading });
  const reasoning =
    request.reasoning && !unsupported.has('reasoning')
      ? {
          ...(request.reasoning.effort ? { effort: request.reasoning.effort } : {}),
          ...(request.reasoning.summary ? { summary: request.reasoning.summary } : {}),
        }
      : undefined;
  const stateless = threading === 'stateless';
  return {
    model: request.model,
    input,
    ...(instructions ? { instructions } : {}),
    ...prepareResponsesTools(request.tools, request.toolChoice),
    ...(request.tools?.length && request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...(request.temperature !== undefined && !unsupported.has('temperature') ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined && !unsupported.has('topP') ? { top_p: request.topP } : {}),
    ...(request.maxOutputTokens !== undefined ? { max_output_tokens: request.maxOutputTokens } : {}),
    ...(reasoning && Object.keys(reasoning).length ? { reasoning } : {}),
    // Stateless: nothing is stored, so reasoning must travel with the conversation, encrypted.
    store: !stateless,
    ...(stateless && reasoning ? { include: ['reasoning.encrypted_content'] } : {}),
    ...(previousResponseId ? { previous_response_id: previousResponseId } : {}),
    stream: context.stream,
  };
}

export const openAIResponsesRuntime = createSdkRuntime({
  id: 'openai-responses',
  unsupportedSettings: responsesUnsupportedSettings,
  settingsRules: openAIResponsesSettingsRules,
  defaultBaseURL: 'https://api.openai.com/v1',
  client: (options) => new OpenAI(options),
  request: (client, context) => () =>
    client.responses
      .create(buildBody(context.request, context) as unknown as OpenAI.Responses.ResponseCreateParams, { signal: context.signal })
      .asResponse(),
  streamEvents: responsesStreamEvents,
  bodyEvents: responsesBodyEvents,
});
