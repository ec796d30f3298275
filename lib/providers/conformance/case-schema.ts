import { z } from 'zod';

const nullableNumber = z.number().nullable();

/** A recorded provider exchange (the format of conformance/README.md at the top of the checkout). */
export const conformanceCaseSchema = z.object({
  name: z.string().min(1),
  provider: z.enum(['openai-chat', 'openai-responses', 'anthropic', 'openrouter']),
  source: z.string().optional(),
  request_hint: z.object({ stream: z.boolean(), notes: z.string().optional() }).passthrough(),
  response: z.object({
    status: z.number().int(),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string(),
  }),
  expect: z
    .object({
      text: z.string().nullable().optional(),
      tool_calls: z.array(z.object({ id: z.string().optional(), name: z.string(), arguments: z.unknown() })).optional(),
      reasoning: z
        .object({
          text: z.string().nullable().optional(),
          encrypted: z.boolean().optional(),
          signature_present: z.boolean().optional(),
          redacted: z.boolean().optional(),
        })
        .nullable()
        .optional(),
      usage: z
        .object({
          input_tokens: nullableNumber.optional(),
          output_tokens: nullableNumber.optional(),
          cache_read_tokens: nullableNumber.optional(),
          cache_write_tokens: nullableNumber.optional(),
          reasoning_tokens: nullableNumber.optional(),
          cost_usd: nullableNumber.optional(),
        })
        .nullable()
        .optional(),
      finish_reason: z.enum(['stop', 'tool_calls', 'length', 'content_filter', 'error']).optional(),
      error: z
        .object({
          status: z.number().int().nullable().optional(),
          kind: z.string().optional(),
          retry_after_s: z.number().nullable().optional(),
          body_snippet_starts_with: z.string().optional(),
        })
        .nullable()
        .optional(),
    })
    .passthrough(),
});

export type ConformanceCase = z.infer<typeof conformanceCaseSchema>;
export type ConformanceExpect = ConformanceCase['expect'];
