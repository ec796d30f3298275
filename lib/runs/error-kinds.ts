import type { ErrorKind } from '@/lib/providers/core/types';

/**
 * Every error kind a run, a provider call or an error artifact can carry (client-safe): the
 * runtime layer's `ProviderRuntimeError` kinds, then the conductor's own (`config`: the profile
 * could not be resolved, `internal`: an unexpected failure, `interrupted`: its worker died).
 * The runs list accepts exactly these as `errorKind`; anything else is a typo answered with a message.
 */
export const PROVIDER_ERROR_KINDS = [
  'rate_limit',
  'overloaded',
  'auth',
  'bad_request',
  'not_found',
  'server',
  'non_json',
  'stream_unsupported',
  'network',
  'timeout',
  'cancelled',
] as const satisfies readonly ErrorKind[];

export const CONDUCTOR_ERROR_KINDS = ['config', 'internal', 'interrupted'] as const;

export const RUN_ERROR_KINDS = [...PROVIDER_ERROR_KINDS, ...CONDUCTOR_ERROR_KINDS] as const;
export type RunErrorKind = (typeof RUN_ERROR_KINDS)[number];

// A kind added to ErrorKind without being listed above fails the type check here.
type Missing = Exclude<ErrorKind, (typeof PROVIDER_ERROR_KINDS)[number]>;
const everyProviderKindListed: [Missing] extends [never] ? true : Missing = true;
void everyProviderKindListed;
