import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedBody = { path: string; headers: IncomingHttpHeaders; body: string; receivedAt: number };
export type ReplayResponse = { status: number; headers: Record<string, string>; body: string };

/**
 * Serves recorded responses byte for byte: the given sequence in order, the last one repeated.
 * Keeps the requests (path, headers, body).
 */
export class ReplayServer {
  readonly requests: RecordedBody[] = [];
  private server: Server | null = null;
  private readonly responses: ReplayResponse[];

  constructor(responses: ReplayResponse | ReplayResponse[]) {
    this.responses = Array.isArray(responses) ? [...responses] : [responses];
  }

  private get response(): ReplayResponse {
    return this.responses.length > 1 ? this.responses.shift()! : this.responses[0]!;
  }

  async start(): Promise<string> {
    this.server = createServer(async (request, reply) => {
      this.requests.push({ path: request.url ?? '/', headers: request.headers, body: await readBody(request), receivedAt: Date.now() });
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
