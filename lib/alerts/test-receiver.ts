// A local webhook receiver for the alert tests (node:http): records every POST, answers with the
// scripted statuses first (e.g. [500] fails once), then 204.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { path: string; body: Record<string, unknown>; raw: string; headers: Record<string, string>; at: number };

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** POSTs answered 2xx, in order. */
  accepted: ReceivedWebhook[];
  waitFor(predicate: (hook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(options: { failFirst?: number[]; path?: string } = {}): Promise<WebhookReceiver> {
  const script = [...(options.failFirst ?? [])];
  const received: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = { unparsable: raw };
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
      );
      const hook = { path: request.url ?? '/', body, raw, headers, at: Date.now() };
      received.push(hook);
      const status = script.shift() ?? 204;
      if (status < 300) accepted.push(hook);
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status < 300 ? '' : 'receiver says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/hooks/T000/B000/secret-token-abc123'}`,
    received,
    accepted,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = accepted.find(predicate);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(
            `no matching webhook within ${timeoutMs} ms; received: ${JSON.stringify(received.map((hook) => hook.body.event))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
