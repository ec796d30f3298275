import { redact, redactText } from '@/lib/redaction/redact';
import type { ErrorKind, ProviderErrorInfo } from './types';

export const SNIPPET_LENGTH = 400;

const HINTS: Record<ErrorKind, string> = {
  rate_limit:
    'The provider is throttling this key. Switchboard backs off and retries; lower the concurrency or ask the provider for a higher limit.',
  overloaded:
    'The provider is overloaded right now. Switchboard retries with backoff; a fallback profile on another provider avoids the wait.',
  auth: 'The API key was refused. Check the key in the environment variable of this profile and that it may use this model.',
  bad_request: 'The provider rejected the request. Read the message: usually a setting this model does not accept or a malformed message.',
  not_found: 'The model or endpoint does not exist for this key. Check the model name and the base URL of the profile.',
  server: 'The provider failed on its side. Switchboard retries; if it persists, check the provider status page.',
  non_json:
    'The provider (or a proxy in front of it) answered with something that is not the expected JSON; the body snippet shows what came.',
  stream_unsupported:
    'This model or organization cannot stream. Switchboard falls back to a non-streaming call and remembers it for the rest of the run.',
  network: 'The connection failed or the stream ended before the provider finished. Nothing after the break was received.',
  timeout: 'The provider did not answer in time. Raise the timeout of the profile or lower max tokens.',
  cancelled: 'The call was cancelled.',
};

const RETRYABLE: Record<ErrorKind, boolean> = {
  rate_limit: true,
  overloaded: true,
  auth: false,
  bad_request: false,
  not_found: false,
  server: true,
  non_json: true,
  stream_unsupported: false,
  network: true,
  timeout: true,
  cancelled: false,
};

export type ProviderRuntimeErrorInit = {
  kind: ErrorKind;
  message: string;
  status?: number | null;
  retryable?: boolean;
  retryAfterMs?: number | null;
  requestId?: string | null;
  body?: string | null;
  hint?: string;
  details?: Record<string, unknown>;
};

/** Every failure of the runtime layer. Everything it carries is redacted. */
export class ProviderRuntimeError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly requestId: string | null;
  readonly bodySnippet: string | null;
  readonly hint: string;
  readonly details: Record<string, unknown>;

  constructor(init: ProviderRuntimeErrorInit) {
    super(redactText(init.message));
    this.name = 'ProviderRuntimeError';
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.retryable = init.retryable ?? RETRYABLE[init.kind];
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.requestId = init.requestId ?? null;
    this.bodySnippet = init.body == null ? null : redactText(init.body).slice(0, SNIPPET_LENGTH);
    this.hint = init.hint ?? HINTS[init.kind];
    this.details = redact(init.details ?? {});
  }

  toInfo(): ProviderErrorInfo {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
      bodySnippet: this.bodySnippet,
      hint: this.hint,
      details: this.details,
    };
  }
}

export function isProviderRuntimeError(error: unknown): error is ProviderRuntimeError {
  return error instanceof ProviderRuntimeError;
}
