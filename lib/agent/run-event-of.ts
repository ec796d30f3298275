import type { StreamEvent } from '@/lib/providers/core/types';
import { isUserCancel } from '@/lib/run-events/call-error-text';
import type { RunEventInput } from '@/lib/run-events/schema';

/** Maps a runtime event to what the run log keeps (data, never sentences); argument fragments are not kept (the call is). */
export function runEventOf(event: StreamEvent): RunEventInput | null {
  switch (event.type) {
    case 'text-delta':
      return { type: 'text-delta', payload: { text: event.text } };
    case 'reasoning-delta':
      return { type: 'reasoning-delta', payload: { text: event.text } };
    case 'tool-call-delta':
      return null;
    case 'tool-call':
      return { type: 'tool-call', payload: { id: event.call.id, name: event.call.name, arguments: event.call.arguments } };
    case 'invalid-tool-call':
      return {
        type: 'tool-call',
        payload: { id: event.call.id, name: event.call.name, rawArguments: event.call.rawArguments, invalid: event.call.error },
      };
    case 'reasoning':
      return {
        type: 'reasoning',
        payload: {
          text: event.part.text ?? null,
          encryptedBytes: event.part.encrypted ? Buffer.byteLength(event.part.encrypted) : 0,
          signatureBytes: event.part.signature ? Buffer.byteLength(event.part.signature) : 0,
          redacted: !!event.part.redacted,
        },
      };
    case 'notice': {
      const { type: _type, ...notice } = event;
      return { type: 'notice', payload: notice };
    }
    case 'error':
      // The call ended `cancelled` (its ProviderCall row says so): the user stopped it, no provider failed.
      if (isUserCancel(event.error.kind)) return { type: 'notice', payload: { notice: 'cancelled' } };
      return {
        type: 'error',
        payload: { kind: event.error.kind, status: event.error.status, hint: event.error.hint, requestId: event.error.requestId },
      };
    case 'usage':
      return { type: 'usage', payload: { usage: event.usage } };
    case 'attempt-start':
      return { type: 'attempt', payload: { attempt: event.attempt, streamed: event.streamed } };
    case 'finish':
      return { type: 'finish', payload: { finishReason: event.finishReason } };
  }
}
