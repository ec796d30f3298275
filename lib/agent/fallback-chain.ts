import type { ProviderProfile } from '@/lib/config/profile-schema';
import { accountFingerprint, sameOrigin, type RuntimeConfig } from '@/lib/providers/core/runtime';
import type { ErrorKind, Message, ProviderRequest } from '@/lib/providers/core/types';
import type { ChainProfileState } from '@/lib/store/provider-call-rows';

/** Errors after which the next profile of the chain is tried (once the profile's own retries are spent). */
export const FALLBACK_KINDS: ReadonlySet<ErrorKind> = new Set(['rate_limit', 'overloaded', 'server']);

/** Profiles that failed recently, per worker process: skipped until their cool-down ends. */
export class Cooldowns {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly durationMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  coolDown(profileName: string): void {
    this.until.set(profileName, this.clock() + this.durationMs);
  }

  isCooling(profileName: string): boolean {
    return this.coolingUntil(profileName) !== null;
  }

  /** When the profile's cool-down ends (epoch ms), or null when it is not cooling down. */
  coolingUntil(profileName: string): number | null {
    const until = this.until.get(profileName);
    if (until === undefined) return null;
    if (until <= this.clock()) {
      this.until.delete(profileName);
      return null;
    }
    return until;
  }
}

/** Every profile of the chain as it stands now: what the fallback audit records when a call begins. */
export function chainState(
  chain: ProviderProfile[],
  cooldowns: Cooldowns,
  turn: { failed: ReadonlySet<string>; skipped: ReadonlyMap<string, string> },
): ChainProfileState[] {
  return chain.map((profile): ChainProfileState => {
    if (turn.failed.has(profile.name)) return { profile: profile.name, state: 'failed' };
    const reason = turn.skipped.get(profile.name);
    if (reason !== undefined) return { profile: profile.name, state: 'skipped', reason };
    const until = cooldowns.coolingUntil(profile.name);
    return until === null
      ? { profile: profile.name, state: 'ready' }
      : { profile: profile.name, state: 'cooling', coolingUntil: new Date(until).toISOString() };
  });
}

export const processCooldowns = new Cooldowns(Number(process.env.SWITCHBOARD_FALLBACK_COOLDOWN_MS ?? 60_000));

/** The chain to try for a turn: the profiles not cooling down, in order; all of them if every one is. */
export function activeChain(chain: ProviderProfile[], cooldowns: Cooldowns): ProviderProfile[] {
  const ready = chain.filter((profile) => !cooldowns.isCooling(profile.name));
  return ready.length ? ready : chain;
}

/**
 * Anthropic with thinking refuses a tool-use turn whose assistant message does not start with
 * its own thinking block. After a switch from another provider that block does not exist (and
 * another account's reasoning is never replayed), so thinking is turned off for that call.
 */
export function reasoningAfterSwitch(
  request: ProviderRequest,
  config: RuntimeConfig,
  messages: Message[],
): { request: ProviderRequest; dropped: boolean } {
  if (config.runtime !== 'anthropic-messages' || !request.reasoning) return { request, dropped: false };
  const origin = accountFingerprint(config);
  const lastAssistant = [...messages].reverse().find((message) => message.role === 'assistant');
  if (!lastAssistant || lastAssistant.role !== 'assistant') return { request, dropped: false };
  const usesTools = lastAssistant.content.some((part) => part.type === 'tool-call');
  const ownThinking = lastAssistant.content.some((part) => part.type === 'reasoning' && sameOrigin(part.origin, origin));
  if (!usesTools || ownThinking) return { request, dropped: false };
  const { reasoning: _dropped, ...rest } = request;
  return { request: rest, dropped: true };
}
