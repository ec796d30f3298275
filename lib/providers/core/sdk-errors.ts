import { errorFromHttpResponse, type StreamRejectionMatcher } from './classify-error';
import type { FetchCapture } from './capture-fetch';
import { ProviderRuntimeError, isProviderRuntimeError } from './errors';
import { cancelledError } from './retry';

export type ErrorContext = {
  capture: FetchCapture;
  streamRequested: boolean;
  signal?: AbortSignal;
  streamRejectionMatchers?: StreamRejectionMatcher[];
};

function errorName(error: unknown): string {
  return error instanceof Error ? error.constructor.name || error.name : '';
}

/**
 * Maps whatever an SDK call or a body read threw to a ProviderRuntimeError. HTTP errors are
 * rebuilt from the captured raw response; the SDK's message (which embeds the whole body) is not used.
 */
export function toProviderRuntimeError(error: unknown, context: ErrorContext): ProviderRuntimeError {
  if (isProviderRuntimeError(error)) return error;
  if (context.signal?.aborted) return cancelledError();
  const name = errorName(error);
  const captured = context.capture.last;
  if (captured && captured.errorBody !== null && captured.status >= 300) {
    return errorFromHttpResponse({
      status: captured.status,
      headers: captured.headers,
      body: captured.errorBody,
      streamRequested: context.streamRequested,
      streamRejectionMatchers: context.streamRejectionMatchers,
    });
  }
  if (name === 'APIUserAbortError' || (error instanceof Error && error.name === 'AbortError')) return cancelledError();
  if (name === 'APIConnectionTimeoutError' || (error instanceof Error && error.name === 'TimeoutError')) {
    return new ProviderRuntimeError({ kind: 'timeout', message: 'The provider did not answer before the timeout.' });
  }
  const cause = error instanceof Error ? describeCause(error) : String(error);
  return new ProviderRuntimeError({
    kind: 'network',
    message: `Connection failed: ${cause}`,
    status: captured?.status ?? null,
    details: { errorName: name || null },
  });
}

function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  const causeMessage = cause instanceof Error ? cause.message : null;
  // The SDKs' connection errors say only "Connection error."; the cause says what happened.
  return [causeMessage ?? error.message, code].filter(Boolean).join(' ').slice(0, 300);
}
