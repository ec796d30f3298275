// Test support: local ReplayServers for one test file, each closed after the test that started it.
import { afterEach } from 'vitest';
import { ReplayServer, type ReplayResponse } from '../conformance/replay-server';

export type Served = { server: ReplayServer; url: string };

/** Call at the top of a test file; the function it returns starts a server answering `responses`. */
export function useReplayServers(): (responses: ReplayResponse | ReplayResponse[]) => Promise<Served> {
  const servers: ReplayServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (responses) => {
    const server = new ReplayServer(responses);
    servers.push(server);
    return { server, url: await server.start() };
  };
}
