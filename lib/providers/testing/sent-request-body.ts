// Test support: the JSON body a runtime sends for a request, caught by a local ReplayServer.
import { expect } from 'vitest';
import type { ReplayResponse } from '../conformance/replay-server';
import { generate } from '../core/execute';
import type { ProviderRuntime, RuntimeConfig } from '../core/runtime';
import type { ProviderRequest } from '../core/types';
import { useReplayServers } from './replay-servers';

export type SentBodySetup = {
  runtime: ProviderRuntime;
  /** The account the runtime calls, pointed at the server's `url`. */
  config: (url: string) => RuntimeConfig;
  /** What the server answers the request with. */
  answer: (request: ProviderRequest) => ReplayResponse;
  /** The path the runtime must post to. */
  path: string;
};

/** Call at the top of a test file; the function it returns sends a request and gives back the body sent (the call must succeed). */
export function useSentBody(setup: SentBodySetup): (request: ProviderRequest) => Promise<Record<string, unknown>> {
  const serve = useReplayServers();
  return async (request) => {
    const { server, url } = await serve(setup.answer(request));
    const result = await generate(setup.runtime, setup.config(url), request);
    expect(result.error).toBeNull();
    expect(server.requests[0]!.path).toBe(setup.path);
    return JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
  };
}
