import { createHash } from 'node:crypto';
import type { StreamRejectionMatcher } from './classify-error';
import type { RetryPolicy } from './retry';
import type { SettingsRule } from './settings-lint';
import type { ProviderRequest, ReasoningOrigin, RuntimeId, StreamEvent } from './types';

/** How to reach one provider account. Built from a provider profile; holds the key in memory only. */
export type RuntimeConfig = {
  runtime: RuntimeId;
  apiKey: string;
  baseURL?: string;
  /**
   * The endpoint as the account fingerprint names it, when the base URL does not: the local
   * simulator's URL changes with its port, while the blobs it issues stay valid across restarts.
   */
  accountEndpoint?: string;
  headers?: Record<string, string>;
  /** Per attempt, until response headers arrive (SDK timeout). */
  timeoutMs?: number;
  /** Longest silence allowed between two chunks of a stream. */
  streamIdleTimeoutMs?: number;
  retry?: RetryPolicy;
  streamFallback?: { enabled: boolean; matchers?: StreamRejectionMatcher[] };
  /** OpenRouter app attribution headers. */
  openrouter?: { referer?: string; title?: string };
};

/** What one HTTP attempt reports besides its events. */
export type AttemptInfo = {
  httpStatus: number | null;
  requestId: string | null;
  responseId: string | null;
  modelServed: string | null;
  upstreamProvider: string | null;
  rateLimit: Record<string, string>;
  firstByteAt: number | null;
  chunkGapsMs: number[];
};

export type AttemptContext = {
  request: ProviderRequest;
  /** Whether this attempt streams (false after a streaming fallback). */
  stream: boolean;
  config: RuntimeConfig;
  signal: AbortSignal;
  origin: ReasoningOrigin;
  clock: () => number;
  /** Called when the provider has begun a stream (2xx with an event stream): what fails after it failed mid-stream. */
  markStreamStarted?: () => void;
};

export interface ProviderRuntime {
  readonly id: RuntimeId;
  /** Settings of a request this runtime cannot send (reported in metadata, never sent silently). */
  unsupportedSettings(request: ProviderRequest): string[];
  /** What this provider would refuse or ignore in a profile's settings, with reasons (`lintSettings` runs them). */
  readonly settingsRules: readonly SettingsRule[];
  /**
   * One HTTP attempt: yields normalized events in batches (those of one network chunk together),
   * throws a ProviderRuntimeError on failure.
   */
  attempt(context: AttemptContext): AsyncGenerator<StreamEvent[], AttemptInfo>;
}

/** The account of a call: runtime + endpoint + key, hashed (never the key). Opaque reasoning blobs are bound to it; quota headroom is charted per account. */
export function accountFingerprint(config: RuntimeConfig): ReasoningOrigin {
  const account = createHash('sha256')
    .update(`${config.runtime}\0${config.accountEndpoint ?? config.baseURL ?? ''}\0${config.apiKey}`)
    .digest('hex')
    .slice(0, 16);
  return { runtime: config.runtime, account };
}

export function sameOrigin(a: ReasoningOrigin | undefined, b: ReasoningOrigin): boolean {
  return !!a && a.runtime === b.runtime && a.account === b.account;
}
