/** Arguments for a tool from its JSON Schema: plausible values for what the schema requires. */
import { isRecord } from './route';

/** Property names that hold a workspace path. */
export const PATH_NAMES = /^(path|file|filename|file_name|file_path|filepath)$/i;

function firstType(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  return undefined;
}

export function fillValue(name: string, schema: unknown): unknown {
  if (!isRecord(schema)) return 'example';
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const option = options.find((entry) => isRecord(entry) && entry.type !== 'null') ?? options[0];
      if (option !== undefined) return fillValue(name, option);
    }
  }
  switch (firstType(schema)) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return fillArguments(schema);
    default:
      return PATH_NAMES.test(name) ? 'README.md' : 'example';
  }
}

/** Arguments for a tool from its JSON Schema: every `required` property gets a plausible value. */
export function fillArguments(schema: unknown): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (!isRecord(schema)) return args;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((entry): entry is string => typeof entry === 'string') : [];
  for (const name of required) args[name] = fillValue(name, properties[name]);
  return args;
}

/** Tool call arguments sent back as a JSON string (Chat, Responses); {} when they are not a JSON object. */
export function parseToolArguments(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
