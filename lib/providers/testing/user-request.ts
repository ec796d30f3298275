// Test support: the smallest request a runtime can send.
import type { ProviderRequest } from '../core/types';

/** A request of one user message, `text`, to `model`, not streamed; `extra` sets or overrides any field. */
export function userRequest(model: string, text: string, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return { model, messages: [{ role: 'user', content: [{ type: 'text', text }] }], stream: false, ...extra };
}
