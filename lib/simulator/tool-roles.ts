/**
 * Which offered tool does what, read from its name (the built-in names first: `list_files`,
 * `read_file`, `search_text`, `write_file`), and the arguments to send it, read from its JSON
 * Schema. Only tools the request offers are ever chosen.
 */
import { isRecord } from './route';
import type { ToolSpec } from './scripted-model';
import { fillValue, PATH_NAMES } from './tool-arguments';

export type ToolRole = 'list' | 'read' | 'search' | 'write';

const ROLES: Record<ToolRole, { names: string[]; pattern: RegExp }> = {
  list: { names: ['list_files', 'list_directory', 'list_dir', 'ls'], pattern: /list|(?:^|_)ls(?:$|_)|tree|glob/i },
  read: { names: ['read_file', 'read', 'cat', 'view_file', 'open_file'], pattern: /read|(?:^|_)cat(?:$|_)|view|open|contents/i },
  search: { names: ['search_text', 'grep', 'search', 'find'], pattern: /search|grep|find/i },
  write: { names: ['write_file', 'create_file', 'save_file'], pattern: /write|save|create|put_file/i },
};

/** The offered tool for a role: one with a known name, else the first whose name says it. */
export function toolFor(role: ToolRole, tools: ToolSpec[]): ToolSpec | null {
  const { names, pattern } = ROLES[role];
  return tools.find((tool) => names.includes(tool.name)) ?? tools.find((tool) => pattern.test(tool.name)) ?? null;
}

/** The role of a tool by its name, null when it has none of them. */
export function roleOf(name: string): ToolRole | null {
  const roles = Object.keys(ROLES) as ToolRole[];
  return roles.find((role) => ROLES[role].names.includes(name)) ?? roles.find((role) => ROLES[role].pattern.test(name)) ?? null;
}

export type ToolValues = { path?: string; query?: string; content?: string; recursive?: boolean };

const KEYS: Record<keyof ToolValues, RegExp> = {
  path: PATH_NAMES,
  query: /^(query|pattern|q|search|term|text)$/i,
  content: /^(content|contents|text|body|data)$/i,
  recursive: /^recursive$/i,
};

const DEFAULT_KEYS: Record<keyof ToolValues, string> = { path: 'path', query: 'query', content: 'content', recursive: 'recursive' };

function isBooleanProperty(schema: unknown): boolean {
  return isRecord(schema) && (schema.type === 'boolean' || (Array.isArray(schema.type) && schema.type.includes('boolean')));
}

/**
 * The arguments for `values`, each under the tool's own property for it (`path`, `file_path`,
 * `query`, `pattern`, `content`, …); a tool without a schema gets the usual names. Required
 * properties left over are filled as `fillArguments` fills them.
 */
export function argumentsFor(tool: ToolSpec, values: ToolValues): Record<string, unknown> {
  const schema = isRecord(tool.parameters) ? tool.parameters : {};
  const properties = isRecord(schema.properties) ? schema.properties : null;
  const args: Record<string, unknown> = {};
  for (const [kind, given] of Object.entries(values) as Array<[keyof ToolValues, string | boolean | undefined]>) {
    if (given === undefined) continue;
    if (!properties) {
      if (kind !== 'recursive') args[DEFAULT_KEYS[kind]] = given;
      continue;
    }
    const name = Object.keys(properties).find(
      (property) => KEYS[kind].test(property) && !(property in args) && isBooleanProperty(properties[property]) === (kind === 'recursive'),
    );
    if (name) args[name] = given;
  }
  const required = Array.isArray(schema.required) ? schema.required.filter((entry): entry is string => typeof entry === 'string') : [];
  for (const name of required) if (!(name in args)) args[name] = fillValue(name, properties?.[name]);
  return args;
}

/** What a call is about (its path or its query), so the same lookup is never made twice. */
export function callTarget(args: unknown): string {
  if (!isRecord(args)) return '';
  for (const pattern of [KEYS.path, KEYS.query]) {
    const key = Object.keys(args).find((name) => pattern.test(name) && typeof args[name] === 'string');
    if (key) return String(args[key]);
  }
  return '';
}
