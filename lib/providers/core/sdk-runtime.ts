import { FetchCapture } from './capture-fetch';
import { DEFAULT_TIMEOUT_MS, runAttempt, type AttemptSpec } from './run-attempt';
import type { AttemptContext, AttemptInfo, ProviderRuntime } from './runtime';
import type { SettingsRule } from './settings-lint';
import type { ProviderRequest, RuntimeId, StreamEvent } from './types';

/** What every official SDK client of an attempt is built with. */
export type SdkClientOptions = {
  apiKey: string;
  baseURL: string;
  /** Off: our retry policy (core/retry.ts) is the only one, and it is recorded. */
  maxRetries: 0;
  timeout: number;
  /** Keeps what the SDKs hide: raw error bodies, headers, first-byte time (capture-fetch.ts). */
  fetch: FetchCapture['fetch'];
  defaultHeaders: Record<string, string> | undefined;
};

export type SdkRuntimeSpec<Client> = {
  id: RuntimeId;
  unsupportedSettings(request: ProviderRequest): string[];
  settingsRules: SettingsRule[];
  /** Where the provider's API is when the profile names no base URL. */
  defaultBaseURL: string;
  /** The SDK's client (`new OpenAI(options)`, `new Anthropic(options)`). */
  client(options: SdkClientOptions): Client;
  /** Headers added to the profile's own on every attempt (OpenRouter's app attribution). */
  extraHeaders?(context: AttemptContext): Record<string, string>;
  /** Builds one attempt's request; `runAttempt` sends it by calling what this returns. */
  request(client: Client, context: AttemptContext): AttemptSpec['send'];
  streamEvents: AttemptSpec['streamEvents'];
  bodyEvents: AttemptSpec['bodyEvents'];
};

/** A runtime whose HTTP is done by an official SDK: one client per attempt, sent through `runAttempt`. */
export function createSdkRuntime<Client>(spec: SdkRuntimeSpec<Client>): ProviderRuntime {
  return {
    id: spec.id,
    unsupportedSettings: spec.unsupportedSettings,
    settingsRules: spec.settingsRules,
    async *attempt(context: AttemptContext): AsyncGenerator<StreamEvent[], AttemptInfo> {
      const { config } = context;
      const capture = new FetchCapture(context.clock);
      const client = spec.client({
        apiKey: config.apiKey,
        baseURL: config.baseURL ?? spec.defaultBaseURL,
        maxRetries: 0,
        timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        fetch: capture.fetch,
        defaultHeaders: spec.extraHeaders ? { ...config.headers, ...spec.extraHeaders(context) } : config.headers,
      });
      return yield* runAttempt(context, capture, {
        send: spec.request(client, context),
        streamEvents: spec.streamEvents,
        bodyEvents: spec.bodyEvents,
      });
    },
  };
}
