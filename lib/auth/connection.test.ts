// The peer address every request runs with, on a real HTTP server: taken from the socket, so a
// client cannot choose it by sending headers; the forwarding headers are kept as they arrived.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentConnection, trackConnections, type Connection } from './connection';

let server: Server;
let port: number;

beforeAll(async () => {
  // Created before tracking begins, as Next.js creates its server before instrumentation runs.
  server = createServer(async (_request, response) => {
    await new Promise((resolve) => setTimeout(resolve, 5)); // the connection is still known after awaits
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(currentConnection() ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function get(headers: Record<string, string> = {}): Promise<Connection | null> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(JSON.parse(body)));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('trackConnections', () => {
  it('gives every request its socket peer, whatever forwarding headers the client sends', async () => {
    expect(await get()).toBeNull(); // not tracked yet
    trackConnections();
    trackConnections(); // once is enough; twice changes nothing
    expect(await get()).toEqual({ peer: '127.0.0.1', relayed: false });
    expect(await get({ 'x-forwarded-for': '192.0.2.10, 198.51.100.1' })).toEqual({
      peer: '127.0.0.1',
      forwardedFor: '192.0.2.10, 198.51.100.1',
      relayed: true,
    });
    expect(await get({ forwarded: 'for=192.0.2.10' })).toMatchObject({ peer: '127.0.0.1', relayed: true });
    expect(await get({ 'x-real-ip': '192.0.2.10' })).toMatchObject({ peer: '127.0.0.1', relayed: true });
  });
});
