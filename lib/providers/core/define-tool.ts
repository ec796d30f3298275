import { z } from 'zod';
import type { JsonSchema, ToolDefinition } from './types';

/** A tool definition whose JSON Schema is generated from the zod schema that validates its arguments. */
export function defineTool(name: string, description: string, schema: z.ZodObject): ToolDefinition {
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonSchema;
  delete jsonSchema.$schema;
  return { name, description, inputSchema: jsonSchema };
}
