/**
 * The scripted model: a deterministic function from a (provider-neutral) conversation to the next
 * assistant turn. Same conversation ⇒ same turn. Each wire module turns its request into a
 * `ScriptInput` and renders the `ScriptedTurn` in its own format.
 */
import { modelStyle } from './model-style';
import { sha256Hex } from './ids';

export type ToolSpec = { name: string; parameters?: unknown };

export type ToolResultInput = { name: string; content: string };

export type ToolChoice = { mode: 'auto' } | { mode: 'none' } | { mode: 'required' } | { mode: 'tool'; name: string };

export type ScriptInput = {
  /** Text of the latest user message ('' when there is none). */
  latestUserText: string;
  /** The tool results of the final turn, when the last input item is a tool result; else null. */
  toolResults: ToolResultInput[] | null;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** At most one tool call per turn (`parallel_tool_calls: false`, `disable_parallel_tool_use`). */
  singleToolCall?: boolean;
  /** Rounds of tool results in the conversation so far (the final one included). */
  toolRounds?: number;
  /** The model asked for: its style sets the default length of a plain answer (model-style.ts). */
  model?: string;
};

export type ScriptedToolCall = { name: string; arguments: Record<string, unknown> };

export type ScriptedTurn = { kind: 'text'; text: string } | { kind: 'tool_calls'; calls: ScriptedToolCall[] };

export const DEFAULT_WORDS = 40;

const FILLER = [
  'This reply comes from the Switchboard provider simulator, not from a real model.',
  'The simulator is deterministic, so the same conversation always produces the same words.',
  'It streams its answer in small deltas so that clients can exercise their incremental rendering.',
  'Token counts are estimated as one token per four characters of text.',
  'Tool calls, reasoning blocks and prompt caching follow the wire format of the provider being simulated.',
  'Faults such as rate limits, overloads and broken streams can be requested with the x-sim-scenario header.',
  'Opaque reasoning blobs issued by the simulator must be sent back unchanged on the next turn.',
  'A request that names an offered tool makes the simulator call that tool.',
  'Every request is recorded so that tests can inspect exactly what the client sent.',
  'Nothing in this text is meant to be useful beyond testing the plumbing around the model.',
];

/** Removes simulator directives such as `[[words:300]]` from user text. */
export function stripDirectives(text: string): string {
  return text
    .replace(/\[\[[a-z-]+(?::[^\]]*)?\]\]/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The answer length requested with `[[words:N]]`, else 40. */
export function wordTarget(userText: string, model?: string): number {
  const match = /\[\[words:(\d{1,5})\]\]/i.exec(userText);
  return match ? Math.max(1, Number(match[1])) : Math.round(DEFAULT_WORDS * modelStyle(model).verbosity);
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The rounds of tool calls requested with `[[tool-rounds:N]]` before the final answer, else 1. */
export function toolRoundTarget(userText: string): number {
  const match = /\[\[tool-rounds:(\d{1,3})\]\]/i.exec(userText);
  return match ? Math.max(1, Number(match[1])) : 1;
}

/** The plain text answer to a user message. */
export function textAnswer(userText: string, model?: string): string {
  const quote = stripDirectives(userText).slice(0, 80);
  const target = wordTarget(userText, model);
  let text = `Simulated answer to: "${quote}".`;
  let index = parseInt(sha256Hex(userText).slice(0, 8), 16) % FILLER.length;
  while (countWords(text) < target) {
    text += ` ${FILLER[index]}`;
    index = (index + 1) % FILLER.length;
  }
  return text;
}

/** The final answer after tool results: mentions each result. */
export function toolResultsAnswer(results: ToolResultInput[]): string {
  return results.map((result) => `Tool ${result.name} returned: ${result.content.replace(/\s+/g, ' ').trim().slice(0, 120)}.`).join(' ');
}

function extractJsonObject(text: string, start: number): string | null {
  if (text[start] !== '{') return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PATH_NAMES = /^(path|file|filename|file_name|file_path|filepath)$/i;

function firstType(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  return undefined;
}

function fillValue(name: string, schema: unknown): unknown {
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The tools named in `text`, in order of appearance, with arguments (`name {json}` or schema-filled). */
export function namedToolCalls(text: string, tools: ToolSpec[]): ScriptedToolCall[] {
  const mentions: Array<{ position: number; tool: ToolSpec; args: Record<string, unknown> | null }> = [];
  for (const tool of tools) {
    const pattern = new RegExp(`(?<![A-Za-z0-9_.-])${escapeRegExp(tool.name)}(?![A-Za-z0-9_-])`, 'g');
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      let next = match.index + match[0].length;
      while (next < text.length && /[ \t:]/.test(text[next]!)) next += 1;
      const json = extractJsonObject(text, next);
      let args: Record<string, unknown> | null = null;
      if (json) {
        try {
          const parsed: unknown = JSON.parse(json);
          if (isRecord(parsed)) args = parsed;
        } catch {
          args = null;
        }
      }
      mentions.push({ position: match.index, tool, args });
    }
  }
  mentions.sort((a, b) => a.position - b.position);
  const withJson = new Set(mentions.filter((mention) => mention.args).map((mention) => mention.tool.name));
  const calls: ScriptedToolCall[] = [];
  const bare = new Set<string>();
  for (const mention of mentions) {
    if (mention.args) calls.push({ name: mention.tool.name, arguments: mention.args });
    else if (!withJson.has(mention.tool.name) && !bare.has(mention.tool.name)) {
      bare.add(mention.tool.name);
      calls.push({ name: mention.tool.name, arguments: fillArguments(mention.tool.parameters) });
    }
  }
  return calls;
}

/** The next assistant turn for a conversation. */
export function scriptTurn(input: ScriptInput): ScriptedTurn {
  const choice = input.toolChoice;
  if (input.toolResults && input.toolResults.length > 0) {
    // `[[tool-rounds:N]]`: the named tools are called again until N rounds of results are in.
    if (choice.mode !== 'none' && (input.toolRounds ?? 1) < toolRoundTarget(input.latestUserText)) {
      const calls = namedToolCalls(input.latestUserText, input.tools);
      if (calls.length > 0) return { kind: 'tool_calls', calls: input.singleToolCall ? calls.slice(0, 1) : calls };
    }
    return { kind: 'text', text: toolResultsAnswer(input.toolResults) };
  }
  if (input.tools.length > 0 && choice.mode !== 'none') {
    let calls = namedToolCalls(input.latestUserText, input.tools);
    if (choice.mode === 'tool') {
      calls = calls.filter((call) => call.name === choice.name);
      const forced = input.tools.find((tool) => tool.name === choice.name);
      if (calls.length === 0 && forced) calls = [{ name: forced.name, arguments: fillArguments(forced.parameters) }];
    } else if (choice.mode === 'required' && calls.length === 0) {
      const first = input.tools[0]!;
      calls = [{ name: first.name, arguments: fillArguments(first.parameters) }];
    }
    if (input.singleToolCall) calls = calls.slice(0, 1);
    if (calls.length > 0) return { kind: 'tool_calls', calls };
  }
  return { kind: 'text', text: textAnswer(input.latestUserText, input.model) };
}

function listNames(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** The reasoning (thinking / summary) text that goes with a turn. */
export function reasoningText(input: ScriptInput, turn: ScriptedTurn): string {
  const quote = stripDirectives(input.latestUserText).slice(0, 60);
  if (input.toolResults && input.toolResults.length > 0) {
    return `The tool results from ${listNames(input.toolResults.map((result) => result.name))} are in. I will report what they returned to the user.`;
  }
  if (turn.kind === 'tool_calls') {
    const names = turn.calls.map((call) => call.name);
    const plural = new Set(names).size > 1;
    return `The user asked: "${quote}". The tool${plural ? 's' : ''} ${listNames(names)} can answer this, so I will call ${plural ? 'them' : 'it'} first.`;
  }
  return `The user asked: "${quote}". No tool is needed here, so I will answer directly in about ${wordTarget(input.latestUserText, input.model)} words.`;
}

/** Splits text into streaming deltas of a few words each; concatenating them gives back `text`. */
export function textDeltas(text: string, wordsPerDelta = 3): string[] {
  const words = text.match(/\s*\S+/g) ?? [];
  const deltas: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerDelta) deltas.push(words.slice(i, i + wordsPerDelta).join(''));
  const rest = text.slice(deltas.join('').length);
  if (rest) {
    if (deltas.length === 0) deltas.push(rest);
    else deltas[deltas.length - 1] += rest;
  }
  return deltas;
}

/** `echo_key_in_stream`: an answer that repeats the key the request was sent with (to test redaction). */
function echoKeyTurn(key: string): ScriptedTurn {
  return {
    kind: 'text',
    text: `This request was sent with the API key ${key} - a provider that echoes it must not get it shown anywhere.`,
  };
}

/** The turn a request gets: the scripted model's, or under `echo_key_in_stream` the answer that repeats the key. */
export function nextTurn(input: ScriptInput, echoKey: { key: string } | null): ScriptedTurn {
  return echoKey ? echoKeyTurn(echoKey.key) : scriptTurn(input);
}

/** The answer's deltas: a few words each, or `chunkChars` characters each under `echo_key_in_stream`. */
export function answerDeltas(text: string, echoKey: { chunkChars: number } | null): string[] {
  if (!echoKey) return textDeltas(text);
  const deltas: string[] = [];
  for (let at = 0; at < text.length; at += echoKey.chunkChars) deltas.push(text.slice(at, at + echoKey.chunkChars));
  return deltas;
}

/** Splits a JSON arguments string into several fragments (cut anywhere, like real streams). */
export function argumentFragments(json: string): string[] {
  if (json.length <= 4) return [json];
  const size = Math.max(4, Math.ceil(json.length / 4));
  const fragments: string[] = [];
  for (let i = 0; i < json.length; i += size) fragments.push(json.slice(i, i + size));
  return fragments;
}
