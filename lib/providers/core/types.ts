/**
 * The normalized model of the runtime layer. Every runtime converts to and from these types;
 * nothing above lib/providers sees a provider's wire format.
 */

export const RUNTIME_IDS = ['openai-chat', 'openai-responses', 'openrouter', 'anthropic-messages'] as const;
export type RuntimeId = (typeof RUNTIME_IDS)[number];

/**
 * Where an opaque reasoning blob came from. Encrypted reasoning and signatures are bound to the
 * provider account that issued them: they are only ever sent back to the same runtime and account.
 */
export type ReasoningOrigin = { runtime: RuntimeId; account: string };

export type TextPart = { type: 'text'; text: string };
export type ImagePart = { type: 'image'; url: string; mediaType?: string };

export type ToolCallPart = {
  type: 'tool-call';
  /** The provider's call id (OpenAI `call_…`, Anthropic `toolu_…`). */
  id: string;
  name: string;
  /** Parsed arguments (a JSON object). */
  arguments: Record<string, unknown>;
  /** The arguments exactly as the provider sent them. */
  rawArguments: string;
  /** Responses API item id (`fc_…`), needed to replay the item in stateless mode. */
  itemId?: string;
};

export type ToolResultPart = {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  /** What the tool returned: a string, or JSON that is serialized for the provider. */
  output: unknown;
  isError?: boolean;
};

export type ReasoningPart = {
  type: 'reasoning';
  origin: ReasoningOrigin;
  /** Shareable text: Anthropic thinking text, OpenAI reasoning summary, OpenRouter reasoning. */
  text?: string;
  /** OpenAI Responses: the summary parts, kept separate so they replay as they came. */
  summary?: string[];
  /** OpenAI `encrypted_content`, Anthropic `redacted_thinking.data`: opaque, byte-for-byte. */
  encrypted?: string;
  /** Anthropic thinking `signature`: opaque, byte-for-byte. */
  signature?: string;
  /** Anthropic `redacted_thinking` block. */
  redacted?: boolean;
  /** Provider item id (OpenAI `rs_…`). */
  id?: string;
  /** OpenRouter `reasoning_details`, complete, as the provider expects them back. */
  details?: unknown[];
};

export type SystemMessage = { role: 'system'; content: string };
export type UserMessage = { role: 'user'; content: (TextPart | ImagePart)[] };
export type AssistantMessage = {
  role: 'assistant';
  content: (TextPart | ToolCallPart | ReasoningPart)[];
  /** The provider response that produced it (threading with `previous_response_id`). */
  responseId?: string;
  origin?: ReasoningOrigin;
};
export type ToolMessage = { role: 'tool'; content: ToolResultPart[] };
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export type JsonSchema = { type?: string; [key: string]: unknown };

export type ToolDefinition = { name: string; description: string; inputSchema: JsonSchema };

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export type CachePolicy = 'off' | 'system' | 'system+tools' | 'system+tools+last-turn';

export type ProviderRequest = {
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  stream: boolean;
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stop?: string[];
  reasoning?: {
    effort?: ReasoningEffort;
    /** OpenAI Responses reasoning summary. */
    summary?: 'auto' | 'concise' | 'detailed';
    /** Anthropic thinking budget / OpenRouter reasoning.max_tokens. */
    budgetTokens?: number;
  };
  cache?: { policy: CachePolicy; ttl?: '5m' | '1h' };
  /** OpenAI Responses: chain on the last response id, or send the whole conversation. */
  threading?: 'stateless' | 'previous-response-id';
  /** Decisions earlier turns made (streaming disabled, last response id); see SessionState. */
  session?: SessionState;
  signal?: AbortSignal;
};

/** What a run carries from turn to turn; the conductor stores it with the run. */
export type SessionState = {
  streamingDisabled?: { reason: string; since: string };
  lastResponseId?: string;
  lastRateLimit?: Record<string, string>;
};

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'error';

/**
 * Usage, normalized once. `inputTokens` is the total input processed, cache included.
 * A null field means the provider did not report it.
 */
export type Usage = {
  inputTokens: number | null;
  inputNoCacheTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  cacheWrite5mTokens?: number | null;
  cacheWrite1hTokens?: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
};

export type ErrorKind =
  | 'rate_limit'
  | 'overloaded'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'server'
  | 'non_json'
  | 'stream_unsupported'
  | 'network'
  | 'timeout'
  | 'cancelled';

/** What the runtime layer reports besides output, as data (the run log keeps it; lib/run-events says it in words). */
export type ProviderNotice =
  /** The provider refused to stream (`reason`: its message); the call goes on without streaming. */
  | { notice: 'streaming-disabled'; reason: string; status: number | null; requestId: string | null }
  /** An attempt failed; the next one starts after `delayMs`. */
  | {
      notice: 'retrying';
      kind: ErrorKind;
      status: number | null;
      attempt: number;
      nextAttempt: number;
      delayMs: number;
      retryAfterMs: number | null;
    }
  /** Settings of the request this runtime does not accept: not sent. */
  | { notice: 'settings-ignored'; runtime: string; settings: string[] };

export type StreamEvent =
  | { type: 'attempt-start'; attempt: number; streamed: boolean }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'tool-call'; call: ToolCallPart }
  | { type: 'invalid-tool-call'; call: InvalidToolCall }
  | { type: 'reasoning'; part: ReasoningPart }
  | { type: 'usage'; usage: Usage }
  | ({ type: 'notice' } & ProviderNotice)
  | { type: 'error'; error: ProviderErrorInfo }
  | { type: 'finish'; finishReason: FinishReason };

/** A tool call whose arguments are not a JSON object: reported, never executed, never a crash. */
export type InvalidToolCall = { id: string; name: string; rawArguments: string; error: string };

export type ProviderMetadata = {
  requestId: string | null;
  responseId: string | null;
  modelServed: string | null;
  /** OpenRouter: the upstream provider that served the call. */
  upstreamProvider: string | null;
  rateLimit: Record<string, string>;
  /** The account the call used: runtime + endpoint + key, hashed (`accountFingerprint`; never the key). */
  account: string;
  /** Settings the profile asked for that this provider does not accept (not sent). */
  ignoredSettings: string[];
};

export type Timings = {
  startedAt: number;
  /** Response headers received. */
  firstByteAt: number | null;
  /** First text, reasoning or tool-call delta. */
  firstTokenAt: number | null;
  endedAt: number;
  /** Gaps between consecutive stream chunks, in ms (streamed attempts only). */
  chunkGapsMs: number[];
};

export type AttemptRecord = {
  attempt: number;
  /** This attempt asked for a stream. */
  streamed: boolean;
  /** The provider began the stream (HTTP 2xx, an event stream): only then can a stream break. */
  streamStarted: boolean;
  status: 'ok' | 'error';
  httpStatus: number | null;
  errorKind: ErrorKind | null;
  /** Milliseconds waited before this attempt started. */
  waitBeforeMs: number;
  retryAfterMs: number | null;
  requestId: string | null;
  startedAt: number;
  endedAt: number;
  firstTokenAt: number | null;
  usage: Usage | null;
  error: ProviderErrorInfo | null;
};

/** A ProviderRuntimeError as plain data (what results, events and artifacts carry). */
export type ProviderErrorInfo = {
  kind: ErrorKind;
  message: string;
  status: number | null;
  retryable: boolean;
  retryAfterMs: number | null;
  requestId: string | null;
  bodySnippet: string | null;
  hint: string;
  details: Record<string, unknown>;
};

export type ProviderResult = {
  message: AssistantMessage;
  text: string;
  toolCalls: ToolCallPart[];
  invalidToolCalls: InvalidToolCall[];
  reasoning: ReasoningPart[];
  finishReason: FinishReason;
  usage: Usage | null;
  metadata: ProviderMetadata;
  timings: Timings;
  attempts: AttemptRecord[];
  streamed: { requested: boolean; actual: boolean; fallbackReason: string | null };
  session: SessionState;
  error: ProviderErrorInfo | null;
};
