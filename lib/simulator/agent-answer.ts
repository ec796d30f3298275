/**
 * The scripted model's answer to a task it planned tool calls for (agent-plan.ts): built only
 * from what the tools returned in the conversation — the files a listing showed, the first
 * paragraphs of a file it read, the lines a search found, what it wrote, and every failure.
 */
import type { ToolExchange } from './scripted-model';
import type { TaskIntent } from './task-intent';
import { listedPaths, readToolResult, type ToolResultFact } from './tool-result-facts';
import { callTarget, roleOf } from './tool-roles';

const MAX_NAMES = 15;
const MAX_MATCHES = 5;
const MAX_QUOTE = 200;

export function quote(text: string, limit = MAX_QUOTE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1).trimEnd()}…` : flat;
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Markdown headings and paragraphs of a text file. */
function paragraphsOf(content: string): { title: string | null; paragraphs: string[] } {
  let title: string | null = null;
  const paragraphs: string[] = [];
  for (const block of content.split(/\r?\n\s*\r?\n/)) {
    const lines = block.split(/\r?\n/).map((line) => line.trim());
    const heading = lines.find((line) => /^#{1,6}\s/.test(line));
    if (heading && title === null) title = heading.replace(/^#+\s*/, '');
    const body = lines.filter((line) => line && !/^#{1,6}\s/.test(line)).join(' ');
    if (body) paragraphs.push(body);
  }
  return { title, paragraphs };
}

function describeListing(fact: Extract<ToolResultFact, { kind: 'listing' }>): string {
  const where = fact.path === '.' || fact.path === '' ? 'The workspace' : fact.path;
  if (fact.entries.length === 0) return `${where} is empty.`;
  const names = fact.entries.map((entry) => (entry.isFolder ? `${entry.name}/` : entry.name));
  const shown = names.length > MAX_NAMES ? [...names.slice(0, MAX_NAMES), `${names.length - MAX_NAMES} more`] : names;
  const cut = fact.truncated ? ' (the listing was cut short)' : '';
  return `${where} holds ${plural(fact.entries.length, 'entry', 'entries')}${cut}: ${listWords(shown)}.`;
}

/** A file in a sentence or two: its title and its first paragraphs, quoted. */
export function describeFile(path: string, content: string, paragraphCount: number, truncated = false): string {
  if (!content.trim()) return `${path} is empty.`;
  const lineCount = content.split(/\r?\n/).length - (content.endsWith('\n') ? 1 : 0);
  const { title, paragraphs } = paragraphsOf(content);
  const head = `${path} (${plural(lineCount, 'line')}${truncated ? ', only the start was read' : ''})`;
  const opening = paragraphs
    .slice(0, paragraphCount)
    .map((paragraph) => `"${quote(paragraph)}"`)
    .join(' Then: ');
  if (title && opening) return `${head} is titled "${quote(title)}" and says: ${opening}`;
  if (title) return `${head} is titled "${quote(title)}".`;
  return `${head} begins: ${opening}`;
}

function describeMatches(fact: Extract<ToolResultFact, { kind: 'matches' }>): string {
  const subject = fact.query ? `"${quote(fact.query, 80)}"` : 'the search';
  if (fact.matches.length === 0) return `Searching for ${subject} found nothing.`;
  const shown = fact.matches
    .slice(0, MAX_MATCHES)
    .map((match) => `${match.path}${match.line === null ? '' : `:${match.line}`} "${quote(match.text, 120)}"`);
  const more = fact.matches.length > MAX_MATCHES || fact.truncated ? ' (and more)' : '';
  return `Searching for ${subject} found ${plural(fact.matches.length, 'match', 'matches')}${more}: ${shown.join('; ')}.`;
}

function describeWritten(fact: Extract<ToolResultFact, { kind: 'written' }>): string {
  const details = [
    fact.bytes === null ? null : plural(fact.bytes, 'byte'),
    fact.created === null ? null : fact.created ? 'a new file' : 'replacing the old one',
  ]
    .filter(Boolean)
    .join(', ');
  const items = fact.content
    .split(/\r?\n/)
    .map((line) => /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+)$/.exec(line)?.[1]?.trim())
    .filter((item): item is string => !!item);
  const what = items.length > 0 ? ` with ${plural(items.length, 'item')}: ${listWords(items.map((item) => quote(item, 60)))}` : '';
  return `I wrote ${fact.path}${details ? ` (${details})` : ''}${what}.`;
}

function attempted(exchange: ToolExchange): string {
  const target = callTarget(exchange.arguments);
  switch (roleOf(exchange.name)) {
    case 'list':
      return `list ${target || 'the workspace'}`;
    case 'read':
      return `read ${target || 'the file'}`;
    case 'search':
      return target ? `search for "${quote(target, 80)}"` : 'search';
    case 'write':
      return `write ${target || 'the file'}`;
    default:
      return `use ${exchange.name}`;
  }
}

/** One sentence (or two) per tool result. */
export function describeExchange(exchange: ToolExchange, paragraphCount: number): string {
  const fact = readToolResult(exchange);
  switch (fact.kind) {
    case 'listing':
      return describeListing(fact);
    case 'file':
      return describeFile(fact.path || 'The file', fact.content, paragraphCount, fact.truncated);
    case 'matches':
      return describeMatches(fact);
    case 'written':
      return describeWritten(fact);
    case 'error':
      return `I could not ${attempted(exchange)}: ${quote(fact.message)}${/[.!?]$/.test(fact.message.trim()) ? '' : '.'}`;
    case 'text':
      return `Tool ${exchange.name} returned: ${quote(fact.text, 120)}.`;
  }
}

/** The final answer: what each tool returned, in the order called; a README asked for but not in the listing is said to be missing. */
export function agentAnswer(intent: TaskIntent, history: ToolExchange[], paragraphCount: number): string {
  const parts = history.map((exchange) => describeExchange(exchange, paragraphCount));
  const facts = history.map(readToolResult);
  const listed = facts.flatMap((fact) => (fact.kind === 'listing' ? listedPaths(fact) : []));
  const readReadme = history.some(
    (exchange) => roleOf(exchange.name) === 'read' && /(^|\/)readme(\.[\w-]+)?$/i.test(callTarget(exchange.arguments)),
  );
  if (
    intent.readme &&
    !readReadme &&
    facts.some((fact) => fact.kind === 'listing') &&
    !listed.some((path) => /^readme(\.[\w-]+)?$/i.test(path))
  ) {
    parts.push('There is no README in the workspace.');
  }
  return parts.join('\n\n');
}
