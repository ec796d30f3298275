import { BlockList, isIP } from 'node:net';
import type { Connection } from './connection';

type Env = Record<string, string | undefined>;

export type TrustedProxies = { has(address: string): boolean; configured: string };

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `::ffff:10.0.0.1` → `10.0.0.1`; `[::1]:443` → `::1`; `10.0.0.1:5000` → `10.0.0.1`. Other text is kept (cut short). */
export function normalizeAddress(raw: string): string {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  return address.toLowerCase().slice(0, 64);
}

function contains(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && contains(LOOPBACK, normalizeAddress(address));
}

/** SWITCHBOARD_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (IPv4 or IPv6). */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const entry of (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [raw = '', bits, extra] = entry.split('/');
    const address = normalizeAddress(raw);
    const family = isIP(address);
    const validPrefix = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    if (!family || extra !== undefined || !validPrefix) {
      throw new Error(`SWITCHBOARD_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.0/8).`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return { has: (address) => contains(list, normalizeAddress(address)), configured: value ?? '' };
}

let cached: TrustedProxies | undefined;

export function trustedProxies(env: Env = process.env): TrustedProxies {
  const value = env.SWITCHBOARD_TRUSTED_PROXIES ?? '';
  if (cached?.configured !== value) cached = parseTrustedProxies(value);
  return cached;
}

/**
 * The client a request came from: the socket peer, unless that peer is a trusted proxy — then the
 * rightmost X-Forwarded-For entry that is not itself a trusted proxy (entries further left were
 * written by whoever the proxy talked to, and can say anything). Undefined when unknown.
 */
export function clientAddress(connection: Connection | undefined, trusted: TrustedProxies): string | undefined {
  if (!connection?.peer) return undefined;
  const peer = normalizeAddress(connection.peer);
  if (!trusted.has(peer)) return peer;
  const hops = (connection.forwardedFor ?? '').split(',').map(normalizeAddress).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!trusted.has(hops[index]!)) return hops[index];
  }
  return hops[0] ?? peer;
}

/**
 * Whether the request comes from this machine. A loopback peer that relays forwarding headers
 * without being a trusted proxy is a reverse proxy on this machine passing on someone else's
 * request: its client is unknown, so it is not local.
 */
export function isLocalClient(connection: Connection | undefined, trusted: TrustedProxies): boolean {
  if (!connection?.peer || !isLoopback(clientAddress(connection, trusted))) return false;
  return !connection.relayed || trusted.has(connection.peer);
}
