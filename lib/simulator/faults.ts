/**
 * Scripted faults, requested per request with `x-sim-scenario: <name>[; key=value]...` and scoped
 * with `x-sim-session` (default "global"). `times=N` fails only the first N matching requests of
 * the session; without it every request fails.
 */
import { anthropicError, authenticationError, openaiError, openrouterError, type ErrorTarget, type SimResponse } from './errors';
import type { Family } from './headers';
import { describeScenarioHeaderProblem, parseScenarioHeader, type ScenarioName } from './scenario-header';

export { SCENARIO_NAMES, type ScenarioName } from './scenario-header';

export type Scenario = {
  name: ScenarioName;
  params: Record<string, string>;
  times: number | null;
  session: string;
};

/** Parses the `x-sim-scenario` header; `{ scenario: null }` when absent, `{ error }` when unusable. */
export function parseScenario(header: string | undefined, session: string | undefined): { scenario: Scenario | null } | { error: string } {
  const parsed = parseScenarioHeader(header);
  if (!parsed.ok) return { error: describeScenarioHeaderProblem(parsed.problem) };
  if (!parsed.scenario) return { scenario: null };
  const { name, params } = parsed.scenario;
  const times = params.times === undefined ? null : Number(params.times);
  const trimmedSession = session?.trim();
  return { scenario: { name, params, times, session: trimmedSession ? trimmedSession : 'global' } };
}

/** Whether a scenario concerns this request at all (some only affect streaming or non-streaming requests). */
export function scenarioApplies(scenario: Scenario, stream: boolean): boolean {
  if (scenario.name === 'stream_unsupported' || scenario.name === 'slow_stream') return stream;
  if (scenario.name === 'truncated_json') return !stream;
  return true;
}

/** Per-session counters behind `times=N`. */
export class FaultCounters {
  private readonly counts = new Map<string, number>();

  /** True when the fault fires for this request (and counts it). */
  consume(scenario: Scenario): boolean {
    if (scenario.times === null) return true;
    const key = `${scenario.session}\u0000${scenario.name}`;
    const count = this.counts.get(key) ?? 0;
    if (count >= scenario.times) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  clear(): void {
    this.counts.clear();
  }
}

export function numberParam(scenario: Scenario, key: string, fallback: number): number {
  const value = scenario.params[key];
  return value === undefined ? fallback : Number(value);
}

function retryHeaders(scenario: Scenario, family: Family): Record<string, string> {
  const headers: Record<string, string> = {};
  const retryAfter = scenario.params.retry_after ?? '1';
  if (retryAfter !== 'none') headers['retry-after'] = retryAfter;
  if (family === 'openai' && scenario.params.retry_after_ms !== undefined) headers['retry-after-ms'] = scenario.params.retry_after_ms;
  return headers;
}

const SLOW_DOWN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Slow down</title>
<style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:36rem;color:#222}h1{font-size:1.6rem}p{line-height:1.5}</style>
</head>
<body>
<h1>slow_down</h1>
<p>You are sending requests too quickly. Please slow down and try again shortly.</p>
<p>If you believe you are seeing this page in error, wait a minute before retrying, and reduce the number of concurrent requests your application makes.</p>
<!-- ${'padding '.repeat(60).trim()} -->
</body>
</html>
`;

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const OPENAI_STREAM_VERIFICATION_MESSAGE =
  'Your organization must be verified to stream this model. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.';

export const OVERLOADED_MESSAGE = 'The engine is currently overloaded, please try again later';

export type FaultContext = {
  family: Family;
  requestId: string;
  apiKey: string | null;
  model: string;
  /** OpenRouter's name for the upstream provider of the model. */
  providerName: string;
};

function overloaded(target: ErrorTarget, context: FaultContext): SimResponse {
  if (context.family === 'anthropic') return anthropicError(target, 529, 'overloaded_error', 'Overloaded');
  if (context.family === 'openrouter') return openrouterError(target, 503, OVERLOADED_MESSAGE, { provider_name: context.providerName });
  return openaiError(target, 503, OVERLOADED_MESSAGE, 'server_error');
}

/**
 * The response for a fault that replaces the whole response, or null for faults that alter a
 * normal response (mid-stream errors, cuts, truncated bodies, delays).
 */
export function immediateFault(scenario: Scenario, context: FaultContext, stream: boolean): SimResponse | null {
  const target: ErrorTarget = { family: context.family, requestId: context.requestId };
  const family = context.family;
  switch (scenario.name) {
    case 'rate_limit_html':
      return {
        status: 429,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...retryHeaders(scenario, family) },
        body: SLOW_DOWN_PAGE,
      };
    case 'rate_limit_json': {
      const limited: ErrorTarget = { ...target, exhausted: true, extraHeaders: retryHeaders(scenario, family) };
      const wait = scenario.params.retry_after && scenario.params.retry_after !== 'none' ? scenario.params.retry_after : '1';
      if (family === 'anthropic') {
        return anthropicError(
          limited,
          429,
          'rate_limit_error',
          'This request would exceed the rate limit for your organization (5f0c6a1e-3b7d-4c2a-9e8f-51a7d2c4b6e0) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
        );
      }
      if (family === 'openrouter') {
        return openrouterError(
          limited,
          429,
          `Rate limit exceeded: limit_rpm/${context.model}. High demand for this model; please retry shortly.`,
          {
            headers: {
              'X-RateLimit-Limit': '20',
              'X-RateLimit-Remaining': '0',
              'X-RateLimit-Reset': String(Date.now() + Number(wait) * 1000),
            },
            provider_name: null,
          },
        );
      }
      return openaiError(
        limited,
        429,
        `Rate limit reached for ${context.model} in organization org-simulator on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        'requests',
        null,
        'rate_limit_exceeded',
      );
    }
    case 'quota_exhausted':
      if (family === 'anthropic') {
        return anthropicError(
          target,
          400,
          'invalid_request_error',
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        );
      }
      if (family === 'openrouter')
        return openrouterError(target, 402, 'Insufficient credits. Add more using https://openrouter.ai/settings/credits');
      return openaiError(
        target,
        429,
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        'insufficient_quota',
        null,
        'insufficient_quota',
      );
    case 'overloaded':
      return overloaded(target, context);
    case 'stream_unsupported':
      if (family === 'anthropic') {
        return anthropicError(
          target,
          400,
          'invalid_request_error',
          'stream: Streaming is not supported for this model. Retry the request with `stream` set to false.',
        );
      }
      if (family === 'openrouter') {
        const raw = JSON.stringify({
          error: { message: OPENAI_STREAM_VERIFICATION_MESSAGE, type: 'invalid_request_error', param: 'stream', code: 'unsupported_value' },
        });
        return openrouterError(target, 400, 'Streaming is not supported for this model', { provider_name: context.providerName, raw });
      }
      return openaiError(target, 400, OPENAI_STREAM_VERIFICATION_MESSAGE, 'invalid_request_error', 'stream', 'unsupported_value');
    case 'auth':
      return authenticationError(target, context.apiKey ?? 'sk-sim-unknown-key');
    case 'server_html':
      return { status: 502, headers: { 'content-type': 'text/html', server: 'nginx' }, body: NGINX_502 };
    case 'empty_body':
      return { status: 503, headers: {}, body: '' };
    case 'error_midstream':
    case 'cut_midstream':
      return stream || scenario.name === 'cut_midstream' ? null : overloaded(target, context);
    case 'echo_key_in_error': {
      const key = context.apiKey ?? '';
      if (family === 'anthropic') {
        return anthropicError(target, 400, 'invalid_request_error', `The API key ${key} is not permitted to use model ${context.model}.`);
      }
      if (family === 'openrouter')
        return openrouterError(target, 400, `The API key ${key} is not permitted to use model ${context.model}.`);
      return openaiError(
        target,
        400,
        `The API key ${key} is not permitted to use model '${context.model}'.`,
        'invalid_request_error',
        'model',
        null,
      );
    }
    case 'echo_key_in_stream':
    case 'drain_quota':
    case 'truncated_json':
    case 'slow_first_byte':
    case 'slow_stream':
      return null;
  }
}
