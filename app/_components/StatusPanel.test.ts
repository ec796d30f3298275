// The home page's status panel is rendered on the server, then hydrated in the browser: both must
// produce the same text whatever their time zone, locale and clock (React error #418 otherwise).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SystemStatus } from '@/lib/status/system-status';
import { StatusPanel } from './StatusPanel';

const status: SystemStatus = {
  checkedAt: '2030-05-06T09:31:05.432Z',
  database: {
    kind: 'external',
    target: '127.0.0.1:5432/switchboard',
    reachable: true,
    serverVersion: '18.1',
    roundTripMs: 0.4,
    error: null,
  },
  migrations: { applied: ['20300101000000_init'], pending: [], failed: [], unknown: [], error: null },
  credentials: [{ provider: 'openai', envVar: 'OPENAI_API_KEY', label: 'OpenAI', present: false }],
};

function render(): string {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } });
  return renderToString(createElement(QueryClientProvider, { client }, createElement(StatusPanel, { initial: status })));
}

const zone = process.env.TZ;
afterEach(() => {
  vi.useRealTimers();
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('StatusPanel', () => {
  it('renders the same text on a UTC server and in a browser elsewhere, a moment later', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    process.env.TZ = 'UTC';
    vi.setSystemTime(new Date('2030-05-06T09:31:05.900Z'));
    const server = render();
    process.env.TZ = 'America/Los_Angeles';
    vi.setSystemTime(new Date('2030-05-06T09:31:07.200Z'));
    const browser = render();
    expect(browser).toBe(server);
    // The time shown is when the server checked, in UTC.
    expect(server).toMatch(/Checked <time dateTime="2030-05-06T09:31:05.432Z">09:31:05 UTC<\/time>/);
  });
});
