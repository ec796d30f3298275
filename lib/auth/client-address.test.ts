import { describe, expect, it } from 'vitest';
import { clientAddress, isLocalClient, isLoopback, normalizeAddress, parseTrustedProxies, trustedProxies } from './client-address';
import type { Connection } from './connection';

const none = parseTrustedProxies(undefined);
const via = (peer: string, forwardedFor?: string): Connection => ({ peer, forwardedFor, relayed: forwardedFor !== undefined });

describe('clientAddress', () => {
  it('is the socket peer when the peer is not a trusted proxy: X-Forwarded-For is ignored, whatever it says', () => {
    expect(clientAddress(via('198.51.100.7', '127.0.0.1'), none)).toBe('198.51.100.7');
    expect(clientAddress(via('198.51.100.7', '203.0.113.1, 203.0.113.2'), none)).toBe('198.51.100.7');
    expect(clientAddress(via('::ffff:198.51.100.7'), none)).toBe('198.51.100.7');
  });

  it('behind a trusted proxy, is the rightmost X-Forwarded-For entry that is not a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.168.1.10');
    // The client wrote "1.1.1.1" itself; the proxies appended what they saw.
    expect(clientAddress(via('10.1.2.3', '1.1.1.1, 203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(via('10.1.2.3', '1.1.1.1, 203.0.113.9, 192.168.1.10'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(via('::ffff:10.1.2.3', '203.0.113.9:51234'), trusted)).toBe('203.0.113.9');
    // Only proxies in the chain: the leftmost; no header at all: the peer.
    expect(clientAddress(via('10.1.2.3', '10.9.9.9, 10.1.1.1'), trusted)).toBe('10.9.9.9');
    expect(clientAddress(via('10.1.2.3'), trusted)).toBe('10.1.2.3');
  });

  it('is unknown without a connection', () => {
    expect(clientAddress(undefined, none)).toBeUndefined();
    expect(clientAddress({ peer: undefined, forwardedFor: '127.0.0.1', relayed: true }, none)).toBeUndefined();
  });
});

describe('isLocalClient', () => {
  it('is true only for a loopback client', () => {
    expect(isLocalClient(via('127.0.0.1'), none)).toBe(true);
    expect(isLocalClient(via('::1'), none)).toBe(true);
    expect(isLocalClient(via('::ffff:127.0.0.1'), none)).toBe(true);
    expect(isLocalClient(via('192.0.2.2'), none)).toBe(false);
    expect(isLocalClient(via('192.0.2.2', '127.0.0.1'), none)).toBe(false);
    expect(isLocalClient(undefined, none)).toBe(false);
  });

  it('is false for a request relayed by an untrusted proxy on this machine (its client is unknown)', () => {
    expect(isLocalClient(via('127.0.0.1', '203.0.113.9'), none)).toBe(false);
    expect(isLocalClient({ peer: '127.0.0.1', forwardedFor: undefined, relayed: true }, none)).toBe(false);
  });

  it('behind a trusted proxy on this machine, follows the client the proxy names', () => {
    const trusted = parseTrustedProxies('127.0.0.1');
    expect(isLocalClient(via('127.0.0.1', '203.0.113.9'), trusted)).toBe(false);
    expect(isLocalClient(via('127.0.0.1', '127.0.0.1'), trusted)).toBe(true);
  });
});

describe('SWITCHBOARD_TRUSTED_PROXIES', () => {
  it('takes addresses and CIDR ranges, IPv4 and IPv6', () => {
    const trusted = parseTrustedProxies(' 10.0.0.0/8 ,192.168.1.10, fd00::/8, ::1 ');
    expect(['10.255.0.1', '192.168.1.10', 'fd00::2', '::1', '::ffff:10.0.0.1'].map((address) => trusted.has(address))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['11.0.0.1', '192.168.1.11', 'fe80::1', '127.0.0.1', 'not-an-ip'].map((address) => trusted.has(address))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(parseTrustedProxies('').has('127.0.0.1')).toBe(false);
  });

  it('refuses what is not an address or a range, naming it', () => {
    for (const value of ['proxy.internal', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1', '10.0.0.0/x']) {
      expect(() => parseTrustedProxies(value), value).toThrow(/SWITCHBOARD_TRUSTED_PROXIES: ".*" is not an IP address or a CIDR range/);
    }
  });

  it('is read from the environment', () => {
    expect(trustedProxies({ SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.1' }).has('10.0.0.1')).toBe(true);
    expect(trustedProxies({}).has('10.0.0.1')).toBe(false);
  });
});

describe('addresses', () => {
  it('normalizes mapped, bracketed and port-suffixed forms', () => {
    expect(normalizeAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeAddress('[::1]:3000')).toBe('::1');
    expect(normalizeAddress(' 10.0.0.1:5000 ')).toBe('10.0.0.1');
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('localhost')).toBe(false); // a name, not an address the socket reports
  });
});
