/** Token estimate used everywhere in the simulator: ceil(characters / 4). Deterministic. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts `text` so that its estimate fits in `maxTokens` (never splitting a surrogate pair). */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  if (estimateTokens(text) <= maxTokens) return { text, truncated: false };
  let end = Math.max(0, maxTokens) * 4;
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/** Hidden reasoning tokens an OpenAI reasoning model reports for a given effort. */
export function reasoningTokensForEffort(effort: string | null | undefined): number {
  switch (effort) {
    case 'none':
    case 'minimal':
      return 0;
    case 'low':
      return 64;
    case 'high':
      return 512;
    case 'xhigh':
      return 1024;
    default:
      return 192; // medium, and any effort we do not know
  }
}
