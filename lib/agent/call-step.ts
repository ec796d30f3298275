import { requestSettings } from '@/lib/config/runtime-config';
import { executeCall } from '@/lib/providers/core/execute';
import type { ProviderResult } from '@/lib/providers/core/types';
import { providerRuntimes } from '@/lib/providers/registry';
import { fallbackText } from '@/lib/run-events/event-text';
import { RunLostError, type RecordedCall, type TurnRef } from '@/lib/store/fenced-run';
import { activeChain, chainState, FALLBACK_KINDS, reasoningAfterSwitch } from './fallback-chain';
import type { ExecutingRun } from './prepare-run';
import { streamCall } from './stream-call';

/**
 * The turn's provider call: the run's profile, then the next profile of its fallback chain after a
 * rate limit, an overload or a server error (once the profile's own retries are spent). A call the
 * next profile takes over from is recorded at once; the last call is returned unrecorded
 * (`call`), to commit with what the turn makes of it — null when it was recorded already (every
 * profile after it had to be skipped).
 */
export async function callWithFallbacks(run: ExecutingRun, turn: TurnRef): Promise<{ result: ProviderResult; call: RecordedCall | null }> {
  const { fenced, log } = run;
  const fullChain = [run.profile, ...run.fallbackProfiles];
  const chain = activeChain(fullChain, run.cooldowns);
  let failed: ProviderResult | null = null;
  const tried = { failed: new Set<string>(), skipped: new Map<string, string>() };
  let takeoverFrom: RecordedCall['takeoverFrom'] = null;
  for (const [position, candidate] of chain.entries()) {
    const resolved = run.resolve(candidate);
    if (!resolved.ok) {
      tried.skipped.set(candidate.name, resolved.reason);
      fenced.events.append('notice', { notice: 'fallback-skipped', profile: candidate.name, reason: resolved.reason });
      continue;
    }
    fenced.events.append('turn-start', {
      index: turn.index,
      turnId: turn.id,
      profile: candidate.name,
      model: candidate.model,
      fallback: candidate !== run.profile,
    });
    const settings = reasoningAfterSwitch(
      {
        ...requestSettings(candidate),
        messages: run.conversation,
        tools: run.tools,
        session: run.sessions[candidate.name] ?? {},
        signal: run.signal,
      },
      resolved.config,
      run.conversation,
    );
    if (settings.dropped) {
      fenced.events.append('notice', { notice: 'reasoning-dropped', profile: candidate.name });
    }
    const state = chainState(fullChain, run.cooldowns, tried);
    const result = await streamCall(
      executeCall(providerRuntimes.get(candidate.runtime), resolved.config, settings.request),
      fenced.events,
      log,
    );
    if (fenced.isLost) throw new RunLostError(fenced.id);
    run.sessions[candidate.name] = result.session;
    const call: RecordedCall = { profile: candidate, result, providerState: { sessions: run.sessions }, takeoverFrom, chainState: state };
    const following = chain[position + 1];
    if (!result.error || !FALLBACK_KINDS.has(result.error.kind) || !following) return { result, call };
    await fenced.recordFailedCall(turn, call);
    run.cooldowns.coolDown(candidate.name);
    tried.failed.add(candidate.name);
    takeoverFrom = { profile: candidate.name, kind: result.error.kind };
    const fallback = { from: candidate.name, to: following.name, kind: result.error.kind };
    fenced.events.append('fallback', fallback);
    log.warn(fallbackText(fallback));
    failed = result;
  }
  if (!failed) throw new Error(`No profile of the run's chain could be called (${chain.map((profile) => profile.name).join(', ')}).`);
  return { result: failed, call: null };
}
