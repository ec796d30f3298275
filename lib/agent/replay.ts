import type { InvalidToolCall, ToolCallPart } from '@/lib/providers/core/types';
import { redact, redactText } from '@/lib/redaction/redact';
import type { ReplayDivergence } from '@/lib/run-events/schema';
import type { RecordedToolCall } from '@/lib/store/tool-calls';

/** A replay while it runs: the parent's recorded tool calls per turn, and whether the model has left them. */
export type ReplayState = {
  parentRunId: string;
  mode: 'stop' | 'continue';
  recorded: Map<number, RecordedToolCall[]>;
  diverged: boolean;
};

/** A requested call as the replay sees it: valid (parsed arguments) or with arguments that were not JSON. */
export type ReplayedRequest = { call: ToolCallPart; invalid: null } | { call: null; invalid: InvalidToolCall };

/** Where the calls of a turn leave the recording (without the action taken), or null when they all match. */
export type TurnMatch = { matched: number; divergence: Omit<ReplayDivergence, 'action'> | null };

/** JSON with object keys sorted: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same arguments. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether a requested call is the recorded one: the same tool name and the same arguments (as the
 * recording holds them: redacted; unreadable arguments compare as their raw text).
 */
function sameCall(request: ReplayedRequest, recorded: RecordedToolCall): boolean {
  if (request.call) {
    return (
      recorded.arguments !== null &&
      redactText(request.call.name) === recorded.name &&
      canonicalJson(redact(request.call.arguments)) === canonicalJson(recorded.arguments)
    );
  }
  return (
    recorded.arguments === null &&
    redactText(request.invalid.name) === recorded.name &&
    redactText(request.invalid.rawArguments) === recorded.rawArguments
  );
}

function asked(request: ReplayedRequest): { name: string; arguments: unknown } {
  return request.call
    ? { name: request.call.name, arguments: request.call.arguments }
    : { name: request.invalid.name, arguments: request.invalid.rawArguments };
}

/**
 * Compares the calls the model asked for in a turn with the calls the recording holds for the same
 * turn, in order. The turn matches when both are the same list; otherwise the first position where
 * they differ is the divergence (a call asked for where the recording has none, or the reverse).
 */
export function matchTurn(turnIndex: number, requested: ReplayedRequest[], recorded: RecordedToolCall[] | undefined): TurnMatch {
  const expected = recorded ?? [];
  let matched = 0;
  while (matched < requested.length && matched < expected.length && sameCall(requested[matched]!, expected[matched]!)) matched++;
  if (matched === requested.length && matched === expected.length) return { matched, divergence: null };
  const want = expected[matched];
  const got = requested[matched];
  return {
    matched,
    divergence: {
      turnIndex,
      callIndex: matched,
      expected: want ? { name: want.name, arguments: want.arguments ?? want.rawArguments } : null,
      asked: got ? asked(got) : null,
    },
  };
}
