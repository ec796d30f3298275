/** The HTTP server: routing, request recording, authentication, faults, and sending results. */
import { modelStyle } from './model-style';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticationError, invalidRequest, malformedJson, notFound, type SimResponse } from './errors';
import { immediateFault, numberParam, parseScenario, scenarioApplies, type Scenario } from './faults';
import type { Family } from './headers';
import { quotaKey, quotaLimits, type QuotaLimits } from './quota';
import { quotaRefusal } from './quota-refusal';
import { rateLimitHeaders } from './rate-limit-headers';
import type { RouteContext, RouteResult } from './route';
import { endResponse, writeFrames, type StreamFault } from './sse';
import { SimulatorState, type RecordedRequest } from './state';
import { estimateTokens } from './tokens';
import { handleAnthropicCountTokens, handleAnthropicMessages } from './wire/anthropic-messages';
import { handleOpenAIChat } from './wire/openai-chat';
import { getStoredResponse, handleOpenAIResponses } from './wire/openai-responses';
import { handleOpenRouter, providerName } from './wire/openrouter';

export type SimulatorOptions = {
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Pause between streamed events, in milliseconds (default 2). */
  chunkDelayMs?: number;
};

export type SimulatorHandle = {
  url: string;
  port: number;
  requests: RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
};

/** The key that is always rejected with a 401. */
export const INVALID_KEY = 'sk-sim-invalid';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

type Route = {
  family: Family;
  name: string;
  handle: ((context: RouteContext) => RouteResult) | null;
};

/** The routes that generate, and so draw on a key's rate limits (quota.ts). */
const METERED_ROUTES = new Set(['openai-chat', 'openai-responses', 'anthropic-messages', 'openrouter']);

function resolveRoute(method: string, path: string): Route {
  const post = method === 'POST';
  if (path.startsWith('/openrouter/')) {
    return {
      family: 'openrouter',
      name: 'openrouter',
      handle: post && path === '/openrouter/api/v1/chat/completions' ? handleOpenRouter : null,
    };
  }
  if (path === '/v1/messages' || path.startsWith('/v1/messages/')) {
    if (post && path === '/v1/messages') return { family: 'anthropic', name: 'anthropic-messages', handle: handleAnthropicMessages };
    if (post && path === '/v1/messages/count_tokens')
      return { family: 'anthropic', name: 'anthropic-count-tokens', handle: handleAnthropicCountTokens };
    return { family: 'anthropic', name: 'anthropic', handle: null };
  }
  if (post && path === '/v1/chat/completions') return { family: 'openai', name: 'openai-chat', handle: handleOpenAIChat };
  if (post && path === '/v1/responses') return { family: 'openai', name: 'openai-responses', handle: handleOpenAIResponses };
  const stored = /^\/v1\/responses\/([^/]+)$/.exec(path);
  if (method === 'GET' && stored) {
    const id = decodeURIComponent(stored[1]!);
    return { family: 'openai', name: 'openai-responses-get', handle: (context) => getStoredResponse(context, id) };
  }
  return { family: 'openai', name: 'openai', handle: null };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  for (const name of ['authorization', 'x-api-key']) if (name in copy) copy[name] = '[REDACTED]';
  return copy;
}

function apiKeyOf(family: Family, headers: Record<string, string>): string | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  if (family === 'anthropic') return headers['x-api-key']?.trim() || bearer || null;
  return bearer || null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends a whole response; resolves true once it reached a client that was still there. */
function send(res: ServerResponse, response: SimResponse): Promise<boolean> {
  const body = Buffer.from(response.body);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  return endResponse(res, body);
}

/** Sends part of a JSON body with the full Content-Length, then resets the connection. */
async function sendCut(res: ServerResponse, response: SimResponse): Promise<void> {
  const body = Buffer.from(response.body);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  await new Promise<void>((resolve) => res.write(body.subarray(0, Math.floor(body.length / 2)), () => resolve()));
  await sleep(10);
  res.socket?.destroy();
  res.destroy();
}

function truncated(family: Family, response: SimResponse): SimResponse {
  const cut = response.body.slice(0, Math.max(1, Math.floor(response.body.length * 0.6)));
  return { ...response, body: family === 'openrouter' ? `\n\n\n${cut}` : cut };
}

class Simulator {
  readonly state = new SimulatorState();

  constructor(private readonly options: SimulatorOptions) {}

  private log(line: string): void {
    this.options.log?.(line);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const path = new URL(rawUrl, 'http://simulator.local').pathname;
    const headers = headerRecord(req);
    const raw = await readBody(req);
    const text = raw.toString('utf8');
    let body: unknown = undefined;
    let malformed = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        malformed = true;
      }
    }
    this.state.requests.push({ method, path: rawUrl, headers: redactHeaders(headers), body, receivedAt });

    const route = resolveRoute(method, path);
    const context = `${method} ${path} ${text}`;
    const requestId = route.family === 'anthropic' ? this.state.ids.anthropicRequestId(context) : this.state.ids.openaiRequestId(context);
    const target = { family: route.family, requestId };
    const finish = (status: number, note = '') => this.log(`${method} ${rawUrl} → ${status}${note ? ` ${note}` : ''}`);

    if (!route.handle) {
      void send(res, notFound(target, method, path));
      return finish(404);
    }

    const parsedScenario = parseScenario(headers['x-sim-scenario'], headers['x-sim-session']);
    if ('error' in parsedScenario) {
      void send(res, invalidRequest(target, parsedScenario.error));
      return finish(400, '(bad x-sim-scenario)');
    }
    if (malformed) {
      void send(res, malformedJson(target));
      return finish(400, '(malformed JSON)');
    }

    const stream = typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
    const model =
      typeof body === 'object' && body !== null && typeof (body as { model?: unknown }).model === 'string'
        ? (body as { model: string }).model
        : '';
    const apiKey = apiKeyOf(route.family, headers);
    let scenario: Scenario | null = parsedScenario.scenario;
    // drain_quota is no fault: it sets the limits of the key and model (quota.ts).
    const drain = scenario?.name === 'drain_quota' ? scenario : null;
    if (drain) scenario = null;
    if (scenario && !(scenarioApplies(scenario, stream) && this.state.faults.consume(scenario))) scenario = null;
    const note = scenario ? `[${scenario.name}]` : '';
    const quota: { key: string; limits: QuotaLimits } | null =
      apiKey && METERED_ROUTES.has(route.name)
        ? { key: quotaKey(route.family, apiKey, model), limits: quotaLimits(route.family, drain?.params ?? null) }
        : null;
    const quotaHeaders = () => {
      const now = Date.now();
      return quota ? rateLimitHeaders(route.family, this.state.quota.state(quota.key, quota.limits, now), now) : {};
    };

    if (scenario?.name === 'slow_first_byte') await sleep(numberParam(scenario, 'ms', 2000));
    if (scenario) {
      const fault = immediateFault(scenario, { family: route.family, requestId, apiKey, model, providerName: providerName(model) }, stream);
      if (fault) {
        // The API's own errors report the key's limits too; an edge page (HTML, empty) or a refused key does not.
        const fromApi = scenario.name !== 'auth' && (fault.headers['content-type'] ?? '').includes('json');
        void send(res, fromApi ? { ...fault, headers: { ...quotaHeaders(), ...fault.headers } } : fault);
        return finish(fault.status, note);
      }
    }
    if (!apiKey || apiKey === INVALID_KEY) {
      void send(res, authenticationError(target, apiKey));
      return finish(401, note);
    }
    if (quota) {
      const now = Date.now();
      const refusal = this.state.quota.admit(quota.key, quota.limits, now);
      if (refusal) {
        void send(res, quotaRefusal(refusal, { target, model, requestedTokens: estimateTokens(text), rateLimit: quotaHeaders(), now }));
        return finish(429, `[quota: ${refusal.dimension}]`);
      }
    }

    const breaks = scenario?.name === 'error_midstream' || scenario?.name === 'cut_midstream' || scenario?.name === 'truncated_json';
    const afterDelivery: Array<() => void> = [];
    const delivered = (complete: boolean) => {
      if (complete) for (const effect of afterDelivery) effect();
    };
    const result = route.handle({
      state: this.state,
      body,
      headers,
      target,
      elapsedMs: () => Date.now() - receivedAt,
      willComplete: !breaks,
      afterDelivery: (effect) => afterDelivery.push(effect),
      chargeQuota: (usage) => {
        if (quota) this.state.quota.charge(quota.key, quota.limits, usage, Date.now());
      },
      echoKey: scenario?.name === 'echo_key_in_stream' ? { key: apiKey ?? '', chunkChars: numberParam(scenario, 'chunk', 3) } : null,
    });

    if (result.kind === 'json') {
      const response = { ...result.response, headers: { ...quotaHeaders(), ...result.response.headers } };
      if (scenario?.name === 'cut_midstream' && response.status === 200) {
        await sendCut(res, response);
        return finish(200, `${note} (cut)`);
      }
      if (scenario?.name === 'truncated_json' && response.status === 200) {
        await send(res, truncated(route.family, response));
        return finish(response.status, note);
      }
      delivered(await send(res, response));
      return finish(response.status, note);
    }

    let fault: StreamFault | undefined;
    if (scenario?.name === 'error_midstream')
      fault = { kind: 'error', after: numberParam(scenario, 'after', 3), frames: result.errorFrames };
    if (scenario?.name === 'cut_midstream') {
      fault = { kind: scenario.params.mode === 'close' ? 'close' : 'reset', after: numberParam(scenario, 'after', 3) };
    }
    // A slower model's chunks come further apart (model-style.ts); a slow_stream scenario sets the delay itself.
    const delay =
      scenario?.name === 'slow_stream' ? numberParam(scenario, 'ms', 200) : (this.options.chunkDelayMs ?? 2) * modelStyle(model).pace;
    res.writeHead(result.status, { ...quotaHeaders(), ...result.headers });
    finish(result.status, `${note} (stream)`);
    delivered(await writeFrames(res, result.frames, delay, fault));
  }
}

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const simulator = new Simulator(options);
  const server: Server = createServer((req, res) => {
    simulator.handle(req, res).catch((error: unknown) => {
      options.log?.(`simulator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) {
        const body = JSON.stringify({ error: { message: 'Simulator internal error', type: 'server_error', param: null, code: null } });
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      } else {
        res.destroy();
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    requests: simulator.state.requests,
    reset: () => simulator.state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
