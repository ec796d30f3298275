import { z } from 'zod';
import { RUNTIME_IDS } from '@/lib/providers/core/types';
import { modelIdSchema } from './model-id';
import { priceSchema } from './pricing';

export const PROVIDERS = ['simulator', 'openai', 'openrouter', 'anthropic'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

const streamRejectionMatcherSchema = z
  .object({
    status: z.number().int().min(400).max(599).optional(),
    param: z.string().min(1).optional(),
    messagePattern: z.string().min(1).optional(),
  })
  .refine((matcher) => matcher.param !== undefined || matcher.messagePattern !== undefined, {
    message: 'a matcher needs `param` or `messagePattern`',
  });

export const reasoningSchema = z.object({
  effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  summary: z.enum(['auto', 'concise', 'detailed']).optional(),
  budgetTokens: z.number().int().min(1).optional(),
});

export const cacheSchema = z.object({
  policy: z.enum(['off', 'system', 'system+tools', 'system+tools+last-turn']),
  ttl: z.enum(['5m', '1h']).optional(),
});

/** A provider profile: which runtime, which model, with which settings. Keys are named, never stored. */
export const providerProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" and "-"'),
    label: z.string().min(1).max(80),
    provider: z.enum(PROVIDERS),
    runtime: z.enum(RUNTIME_IDS),
    model: modelIdSchema,
    /** Environment variable holding the API key (the key itself never appears in a profile). */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .optional(),
    baseURL: z.url().optional(),
    stream: z.boolean().default(true),
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().gt(0).max(1).optional(),
    maxOutputTokens: z.number().int().positive().max(1_000_000).optional(),
    reasoning: reasoningSchema.optional(),
    cache: cacheSchema.optional(),
    threading: z.enum(['stateless', 'previous-response-id']).default('stateless'),
    timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(20),
        baseDelayMs: z.number().int().min(0),
        maxDelayMs: z.number().int().min(0),
        maxTotalMs: z.number().int().min(0),
        maxRetryAfterMs: z.number().int().min(0),
      })
      .partial()
      .optional(),
    streamFallback: z.object({ enabled: z.boolean().default(true), matchers: z.array(streamRejectionMatcherSchema).optional() }).optional(),
    /** OpenRouter app attribution. */
    openrouter: z.object({ referer: z.string().optional(), title: z.string().optional() }).optional(),
    /** Simulator only: a fault scenario sent with every request (see lib/simulator/README.md). */
    simulatorScenario: z.string().max(200).optional(),
    /** This profile's price (USD per million tokens), over the built-in table (lib/config/price-table.json): a negotiated rate, a model the table lacks. */
    price: priceSchema.optional(),
  })
  .superRefine((profile, context) => {
    const expected: Record<string, readonly string[]> = {
      openai: ['openai-chat', 'openai-responses'],
      openrouter: ['openrouter'],
      anthropic: ['anthropic-messages'],
      simulator: RUNTIME_IDS,
    };
    if (!expected[profile.provider]!.includes(profile.runtime)) {
      context.addIssue({
        code: 'custom',
        path: ['runtime'],
        message: `${profile.provider} profiles use ${expected[profile.provider]!.join(' or ')}`,
      });
    }
    if (profile.provider !== 'simulator' && !profile.apiKeyEnv) {
      context.addIssue({ code: 'custom', path: ['apiKeyEnv'], message: 'name the environment variable that holds the API key' });
    }
    if (profile.simulatorScenario && profile.provider !== 'simulator') {
      context.addIssue({ code: 'custom', path: ['simulatorScenario'], message: 'fault scenarios exist only for the simulator' });
    }
  });

export type ProviderProfile = z.infer<typeof providerProfileSchema>;
export type ProviderProfileInput = z.input<typeof providerProfileSchema>;
