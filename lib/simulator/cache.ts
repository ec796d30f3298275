import { sha256Hex } from './ids';
import { estimateTokens } from './tokens';

/** OpenAI-style automatic prompt caching: prefixes of at least 1024 tokens, 128-token steps. */
export const AUTOMATIC_CACHE_MIN_TOKENS = 1024;
const AUTOMATIC_CACHE_STEP = 128;
const MAX_PROMPTS_PER_SCOPE = 256;

/** Anthropic's minimum cacheable prefix (Claude Sonnet / Opus 4); shorter prefixes are not cached. */
export const ANTHROPIC_CACHE_MIN_TOKENS = 1024;

/**
 * The minimum cacheable prefix for a model: the real 1024 tokens for real Claude model names
 * (`claude-…`, `anthropic/claude-…`), none for other names (e.g. the Simulator profile's
 * `sim-claude`), so that caching shows up with short prompts there.
 */
export function anthropicCacheMinimum(model: string): number {
  return /^(anthropic\/)?claude-/.test(model) ? ANTHROPIC_CACHE_MIN_TOKENS : 0;
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}

/** OpenAI keeps a cached prefix for 5–10 minutes of inactivity (at most an hour); the simulator: 10 minutes, refreshed on hits. */
export const AUTOMATIC_CACHE_TTL_MS = 10 * 60_000;

/**
 * Remembers the prompts it has seen (per scope, e.g. route + model) and reports how many tokens of
 * a new prompt's prefix were seen before — as OpenAI (Chat, Responses) and OpenRouter report
 * `cached_tokens`: 0 below 1024 tokens, then 1024 + a multiple of 128. A prompt is remembered
 * only once the response that answered it was delivered (`remember` after the fact, see
 * `RouteContext.afterDelivery`), and forgotten after 10 minutes without a request that used it.
 */
export class PrefixCache {
  private readonly prompts = new Map<string, Array<{ prompt: string; expiresAt: number }>>();

  cachedTokens(scope: string, prompt: string, now: number = Date.now()): number {
    let best = 0;
    for (const seen of this.prompts.get(scope) ?? []) {
      if (seen.expiresAt > now) best = Math.max(best, commonPrefixLength(seen.prompt, prompt));
    }
    const tokens = Math.floor(best / 4);
    if (tokens < AUTOMATIC_CACHE_MIN_TOKENS) return 0;
    return AUTOMATIC_CACHE_MIN_TOKENS + Math.floor((tokens - AUTOMATIC_CACHE_MIN_TOKENS) / AUTOMATIC_CACHE_STEP) * AUTOMATIC_CACHE_STEP;
  }

  /** Caches the prompt's prefix; prompts sharing a cached prefix with it have it refreshed. */
  remember(scope: string, prompt: string, now: number = Date.now()): void {
    if (estimateTokens(prompt) < AUTOMATIC_CACHE_MIN_TOKENS) return;
    const expiresAt = now + AUTOMATIC_CACHE_TTL_MS;
    const list = (this.prompts.get(scope) ?? []).filter((seen) => seen.expiresAt > now && seen.prompt !== prompt);
    for (const seen of list) if (commonPrefixLength(seen.prompt, prompt) / 4 >= AUTOMATIC_CACHE_MIN_TOKENS) seen.expiresAt = expiresAt;
    list.push({ prompt, expiresAt });
    if (list.length > MAX_PROMPTS_PER_SCOPE) list.shift();
    this.prompts.set(scope, list);
  }

  clear(): void {
    this.prompts.clear();
  }
}

export type CacheTtl = '5m' | '1h';

/** One piece of an Anthropic prompt in cache order (tools, system, messages); a breakpoint ends a cacheable prefix. */
export type CacheSegment = { text: string; breakpoint?: CacheTtl };

export type BreakpointUsage = {
  /** Input tokens not read from or written to the cache (Anthropic's `input_tokens`). */
  inputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  creation5mTokens: number;
  creation1hTokens: number;
  totalTokens: number;
};

const TTL_MS: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

export type BreakpointLookup = BreakpointUsage & {
  /** Writes (and refreshes) the cached prefixes, as of the lookup; call it once the response reporting them was delivered. */
  commit: () => void;
};

/**
 * Anthropic-style explicit prompt caching: the prefix up to each `cache_control` breakpoint is
 * cached. The first request writes it (`cache_creation_input_tokens`), later requests with the same
 * prefix read it (`cache_read_input_tokens`); `input_tokens` counts only the rest. Entries expire
 * after their TTL (5 minutes or 1 hour), refreshed on every hit.
 *
 * `lookup` only reads; its `commit` stores the write. The server commits when the response that
 * reports the write reached the client, so a read is never reported without the write before it
 * having been reported too (a response cut off, truncated or abandoned by its client writes nothing).
 */
export class BreakpointCache {
  private readonly entries = new Map<string, number>();

  lookup(scope: string, segments: CacheSegment[], minTokens = ANTHROPIC_CACHE_MIN_TOKENS, now: number = Date.now()): BreakpointLookup {
    let full = '';
    const prefixes: Array<{ text: string; ttl: CacheTtl }> = [];
    for (const segment of segments) {
      full += segment.text;
      if (segment.breakpoint) prefixes.push({ text: full, ttl: segment.breakpoint });
    }
    const totalTokens = estimateTokens(full);
    const none = {
      inputTokens: totalTokens,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
      creation5mTokens: 0,
      creation1hTokens: 0,
      totalTokens,
      commit: () => {},
    };
    const last = prefixes[prefixes.length - 1];
    if (!last) return none;

    const key = (text: string) => `${scope}\u0000${sha256Hex(text)}`;
    let hitIndex = -1;
    for (let i = prefixes.length - 1; i >= 0; i -= 1) {
      const expiresAt = this.entries.get(key(prefixes[i]!.text));
      if (expiresAt !== undefined && expiresAt > now) {
        hitIndex = i;
        break;
      }
    }
    const cacheReadTokens = hitIndex >= 0 ? estimateTokens(prefixes[hitIndex]!.text) : 0;
    const lastTokens = estimateTokens(last.text);
    const cacheCreationTokens = hitIndex === prefixes.length - 1 || lastTokens < Math.max(1, minTokens) ? 0 : lastTokens - cacheReadTokens;

    const commit = () => {
      for (const prefix of prefixes) {
        if (estimateTokens(prefix.text) >= Math.max(1, minTokens)) this.entries.set(key(prefix.text), now + TTL_MS[prefix.ttl]);
      }
    };
    const creation1hTokens = last.ttl === '1h' ? cacheCreationTokens : 0;
    return {
      inputTokens: totalTokens - cacheReadTokens - cacheCreationTokens,
      cacheReadTokens,
      cacheCreationTokens,
      creation5mTokens: cacheCreationTokens - creation1hTokens,
      creation1hTokens,
      totalTokens,
      commit,
    };
  }

  /** `lookup` and `commit` at once (tests; a response that is always delivered). */
  compute(scope: string, segments: CacheSegment[], minTokens = ANTHROPIC_CACHE_MIN_TOKENS, now: number = Date.now()): BreakpointUsage {
    const { commit, ...usage } = this.lookup(scope, segments, minTokens, now);
    commit();
    return usage;
  }

  clear(): void {
    this.entries.clear();
  }
}
