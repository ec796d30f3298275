/** Everything the simulator remembers between requests; `reset()` forgets it all. */
import { BreakpointCache, PrefixCache } from './cache';
import { FaultCounters } from './faults';
import { IdFactory } from './ids';
import { QuotaLedger } from './quota';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  receivedAt: number;
};

/** A Responses API response kept for `previous_response_id` and `GET /v1/responses/:id`. */
export type StoredResponse = {
  /** The response object as returned. */
  response: Record<string, unknown>;
  /** The full conversation: resolved input items followed by the output items. */
  conversation: Array<Record<string, unknown>>;
};

/** A function call the Responses route issued, and the reasoning item that came with it. */
export type IssuedCall = { name: string; itemId: string; reasoningId: string | null; encrypted: boolean };

/** The reasoning_details OpenRouter issued with a set of tool calls. */
export type IssuedReasoningDetails = { details: Array<Record<string, unknown>>; providerName: string; model: string };

export class SimulatorState {
  readonly ids = new IdFactory();
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultCounters();
  /** Rate limits per key and model. */
  readonly quota = new QuotaLedger();
  readonly prefixCache = new PrefixCache();
  readonly breakpointCache = new BreakpointCache();
  /** Responses API: stored responses by id. */
  readonly responses = new Map<string, StoredResponse>();
  /** Responses API: output items of stored responses by item id. */
  readonly storedItems = new Map<string, Record<string, unknown>>();
  /** Responses API: issued function calls by call_id. */
  readonly issuedCalls = new Map<string, IssuedCall>();
  /** Responses API: issued assistant message item ids → reasoning item id that preceded them. */
  readonly issuedMessages = new Map<string, string | null>();
  /** Tool names by call id, for every route (used to name tool results). */
  readonly toolNames = new Map<string, string>();
  /** OpenRouter: reasoning_details issued with tool calls, by tool call id. */
  readonly openrouterReasoning = new Map<string, IssuedReasoningDetails>();

  reset(): void {
    this.ids.reset();
    this.requests.length = 0;
    this.faults.clear();
    this.quota.clear();
    this.prefixCache.clear();
    this.breakpointCache.clear();
    this.responses.clear();
    this.storedItems.clear();
    this.issuedCalls.clear();
    this.issuedMessages.clear();
    this.toolNames.clear();
    this.openrouterReasoning.clear();
  }
}
