/**
 * The scripted model: a deterministic function from a (provider-neutral) conversation to the next
 * assistant turn. Same conversation ⇒ same turn. Each wire module turns its request into a
 * `ScriptInput` and renders the `ScriptedTurn` in its own format.
 */
import { agentAnswer } from './agent-answer';
import { plannedCalls, type PlanInput } from './agent-plan';
import { modelStyle } from './model-style';
import { stripDirectives } from './directives';
import { sha256Hex } from './ids';
import { isRecord } from './route';
import { readTaskIntent } from './task-intent';
import { fillArguments } from './tool-arguments';

export { fillArguments } from './tool-arguments';
export { stripDirectives } from './directives';

export type ToolSpec = { name: string; parameters?: unknown };

export type ToolResultInput = { name: string; content: string };

/** A tool call made since the latest user text, with the result sent back for it. */
export type ToolExchange = {
  name: string;
  arguments: unknown;
  content: string;
  /** The client marked the result as an error (Anthropic `is_error`); JSON `{ok: false}` results are read as errors too. */
  isError: boolean;
};

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
  /** Every tool call since the latest user text and its result, in order (the final round included). */
  toolHistory?: ToolExchange[];
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

/** Paragraphs of a file an answer quotes: fewer for a terse model, more for a verbose one (model-style.ts). */
function quotedParagraphs(model: string | undefined): number {
  return Math.max(1, Math.floor(2 * modelStyle(model).verbosity));
}

/**
 * The plan of a natural-language task about the workspace (agent-plan.ts), or null: when the task
 * names an offered tool it is scripted by those names, and a task that is not about the workspace
 * gets a text answer.
 */
function agentTask(input: ScriptInput): PlanInput | null {
  if (namedToolCalls(input.latestUserText, input.tools).length > 0) return null;
  const intent = readTaskIntent(input.latestUserText);
  if (!intent.workspace) return null;
  const history =
    input.toolHistory ??
    (input.toolResults ?? []).map((result) => ({ name: result.name, arguments: {}, content: result.content, isError: false }));
  const plan = {
    intent,
    task: input.latestUserText,
    tools: input.tools,
    history,
    rounds: input.toolRounds ?? (history.length > 0 ? 1 : 0),
  };
  return history.length > 0 || plannedCalls(plan).length > 0 ? plan : null;
}

function limitCalls(calls: ScriptedToolCall[], input: ScriptInput): ScriptedTurn {
  return { kind: 'tool_calls', calls: input.singleToolCall ? calls.slice(0, 1) : calls };
}

/** The next assistant turn for a conversation. */
export function scriptTurn(input: ScriptInput): ScriptedTurn {
  const choice = input.toolChoice;
  const agent = agentTask(input);
  const mayPlan = choice.mode === 'auto' || choice.mode === 'required';
  if (input.toolResults && input.toolResults.length > 0) {
    if (agent) {
      const calls = mayPlan ? plannedCalls(agent) : [];
      if (calls.length > 0) return limitCalls(calls, input);
      return { kind: 'text', text: agentAnswer(agent.intent, agent.history, quotedParagraphs(input.model)) };
    }
    // `[[tool-rounds:N]]`: the named tools are called again until N rounds of results are in.
    if (choice.mode !== 'none' && (input.toolRounds ?? 1) < toolRoundTarget(input.latestUserText)) {
      const calls = namedToolCalls(input.latestUserText, input.tools);
      if (calls.length > 0) return limitCalls(calls, input);
    }
    return { kind: 'text', text: toolResultsAnswer(input.toolResults) };
  }
  if (input.tools.length > 0 && choice.mode !== 'none') {
    let calls = namedToolCalls(input.latestUserText, input.tools);
    if (choice.mode === 'tool') {
      calls = calls.filter((call) => call.name === choice.name);
      const forced = input.tools.find((tool) => tool.name === choice.name);
      if (calls.length === 0 && forced) calls = [{ name: forced.name, arguments: fillArguments(forced.parameters) }];
    } else {
      if (calls.length === 0 && agent && mayPlan) calls = plannedCalls(agent);
      if (choice.mode === 'required' && calls.length === 0) {
        const first = input.tools[0]!;
        calls = [{ name: first.name, arguments: fillArguments(first.parameters) }];
      }
    }
    if (calls.length > 0) return limitCalls(calls, input);
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
  if (input.toolResults && input.toolResults.length > 0 && turn.kind === 'tool_calls' && agentTask(input)) {
    return `The results from ${listNames(input.toolResults.map((result) => result.name))} are in. Next I will call ${listNames(turn.calls.map((call) => call.name))}.`;
  }
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
