import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedBody = { path: string; body: string };
export type ReplayResponse = { status: number; headers: Record<string, string>; body: string };

/** Serves one recorded response, byte for byte, to every request; keeps the request bodies. */
export class ReplayServer {
  readonly requests: RecordedBody[] = [];
  private server: Server | null = null;

  constructor(private response: ReplayResponse) {}

  respondWith(response: ReplayResponse): void {
    this.response = response;
  }

  async start(): Promise<string> {
    this.server = createServer(async (request, reply) => {
      this.requests.push({ path: request.url ?? '/', body: await readBody(request) });
      const { status, headers, body } = this.response;
      const bytes = Buffer.from(body, 'utf8');
      reply.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
      reply.end(bytes);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
