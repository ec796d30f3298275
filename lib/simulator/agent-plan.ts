/**
 * How the scripted model works through a natural-language task with the tools it is offered, one
 * round of tool calls per turn, as an agent would: first look at the workspace (the list tool),
 * then look things up (search for what it was asked to find, read the files the task names or the
 * README), then write the file it was asked to create. Each round is planned again from the task
 * and the tool results in the conversation, so it is deterministic and needs no memory; a call
 * already made is never made again and the rounds are capped, so a run always ends with an answer.
 */
import { describeExchange, listWords, quote } from './agent-answer';
import type { ScriptedToolCall, ToolExchange, ToolSpec } from './scripted-model';
import type { TaskIntent } from './task-intent';
import { listedPaths, readToolResult } from './tool-result-facts';
import { argumentsFor, callTarget, roleOf, toolFor } from './tool-roles';

/** Rounds of tool calls after which the model answers whatever is left of its plan. */
export const MAX_PLANNED_ROUNDS = 6;
/** Files read for one task at most. */
export const MAX_FILES_READ = 3;

export type PlanInput = {
  intent: TaskIntent;
  task: string;
  tools: ToolSpec[];
  /** The tool calls made for the task so far and their results. */
  history: ToolExchange[];
  /** Rounds of tool results in the conversation. */
  rounds: number;
};

const README = /^readme(\.[\w-]+)?$/i;
const ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'];

function callKey(name: string, args: unknown): string {
  return `${name}\u0000${callTarget(args)}`;
}

/** The files the listings in the conversation showed, or null when no listing succeeded. */
function listedFiles(history: ToolExchange[]): string[] | null {
  const listings = history.map(readToolResult).filter((fact) => fact.kind === 'listing');
  return listings.length > 0 ? listings.flatMap(listedPaths) : null;
}

/** A named file as the listing spells it: same name in another case, or the one listed file with that base name. */
function asListed(path: string, listed: string[] | null): string {
  if (!listed || listed.includes(path)) return path;
  const lower = path.toLowerCase();
  const sameName = listed.find((entry) => entry.toLowerCase() === lower);
  if (sameName) return sameName;
  const sameBase = listed.filter((entry) => entry.toLowerCase().split('/').at(-1) === lower);
  return sameBase.length === 1 ? sameBase[0]! : path;
}

function readmeOf(intent: TaskIntent, listed: string[] | null): string | null {
  const found = listed?.filter((path) => README.test(path)) ?? [];
  if (found.length > 0) return found.find((path) => /\.md$/i.test(path)) ?? found[0]!;
  // A listing of the root without one: there is none. A listing of a sub-folder could not show it.
  return listed && intent.listPath === '.' ? null : 'README.md';
}

function readTargets(intent: TaskIntent, listed: string[] | null): string[] {
  const targets = intent.files.map((path) => asListed(path, listed));
  const readme = intent.readme ? readmeOf(intent, listed) : null;
  if (readme && !targets.some((path) => path.toLowerCase() === readme.toLowerCase())) targets.push(readme);
  return [...new Set(targets)].slice(0, MAX_FILES_READ);
}

function titleOf(path: string): string {
  const stem = (path.split('/').at(-1) ?? path).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
  return stem.charAt(0).toUpperCase() + stem.slice(1);
}

/** What the model writes when the task does not quote the content: N list items, else what it found. */
export function writeContent(intent: TaskIntent, task: string, history: ToolExchange[]): string {
  const write = intent.write!;
  if (write.content !== null) return write.content;
  let body: string[];
  if (write.items) {
    const box = /todo|task/i.test(`${write.path} ${task}`) ? '[ ] ' : '';
    body = [
      Array.from(
        { length: write.items },
        (_, index) => `- ${box}${ORDINALS[index] ? `${ORDINALS[index]} item` : `Item ${index + 1}`}`,
      ).join('\n'),
    ];
  } else {
    const found = history
      .filter((exchange) => !['list', 'write'].includes(roleOf(exchange.name) ?? ''))
      .map((exchange) => describeExchange(exchange, 1));
    const listed = listedFiles(history);
    if (found.length > 0) body = found;
    else if (listed?.length) body = [`The workspace holds ${listWords(listed)}.`];
    else body = [`Written for the task "${quote(task)}".`];
  }
  const markdown = /\.(md|markdown)$/i.test(write.path);
  return `${markdown ? `# ${titleOf(write.path)}\n\n` : ''}${body.join('\n\n')}\n`;
}

/** The next round of tool calls for a task, or [] when it is time to answer. */
export function plannedCalls({ intent, task, tools, history, rounds }: PlanInput): ScriptedToolCall[] {
  if (!intent.workspace || rounds >= MAX_PLANNED_ROUNDS) return [];
  const made = new Set(history.map((exchange) => callKey(exchange.name, exchange.arguments)));
  const fresh = (calls: ScriptedToolCall[]) => calls.filter((call) => !made.has(callKey(call.name, call.arguments)));

  const list = toolFor('list', tools);
  const look = fresh(list ? [{ name: list.name, arguments: argumentsFor(list, { path: intent.listPath, recursive: true }) }] : []);
  if (look.length > 0) return look;

  const search = intent.search ? toolFor('search', tools) : null;
  const read = toolFor('read', tools);
  const lookups = fresh([
    ...(search ? [{ name: search.name, arguments: argumentsFor(search, { query: intent.search! }) }] : []),
    ...(read
      ? readTargets(intent, listedFiles(history)).map((path) => ({ name: read.name, arguments: argumentsFor(read, { path }) }))
      : []),
  ]);
  if (lookups.length > 0) return lookups;

  const write = intent.write ? toolFor('write', tools) : null;
  if (!write) return [];
  return fresh([
    { name: write.name, arguments: argumentsFor(write, { path: intent.write!.path, content: writeContent(intent, task, history) }) },
  ]);
}

/** Whether the task gets planned tool calls at all with these tools (else the model answers in text). */
export function plansTools(intent: TaskIntent, task: string, tools: ToolSpec[]): boolean {
  return plannedCalls({ intent, task, tools, history: [], rounds: 0 }).length > 0;
}
