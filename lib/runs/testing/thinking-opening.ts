// Test support: the opening of the recorded runs the transcript and CLI tests replay.
import type { TranscriptEvent } from '../transcript-reducer';

/** Makes one event of the run log; the caller numbers them (seq). */
export type MakeEvent = (type: string, payload: Record<string, unknown>) => TranscriptEvent;

/**
 * A running run's first turn on simulator-anthropic, streamed, opening with thinking: "Let me think."
 * in two deltas, then the reasoning block, signed (`signatureBytes`).
 */
export function thinkingOpening(ev: MakeEvent, signatureBytes: number): TranscriptEvent[] {
  return [
    ev('status', { status: 'running', workerId: 'w1', resumed: false }),
    ev('turn-start', { index: 0, turnId: 't0', profile: 'simulator-anthropic', model: 'sim-claude', fallback: false }),
    ev('attempt', { attempt: 1, streamed: true }),
    ev('reasoning-delta', { text: 'Let me ' }),
    ev('reasoning-delta', { text: 'think.' }),
    ev('reasoning', { text: 'Let me think.', encryptedBytes: 0, signatureBytes, redacted: false }),
  ];
}
