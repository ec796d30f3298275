/**
 * What a natural-language task asks of the workspace, as the scripted model reads it before it
 * plans its tool calls (agent-plan.ts): look around, read the README or the files the task names,
 * search for something, write a file. Pure and deterministic; English keywords only.
 */
import { stripDirectives } from './directives';

export type WriteIntent = {
  path: string;
  /** The content the task gives (a quoted text that is not a file name), else null: the model writes its own. */
  content: string | null;
  /** "three items": how many list items to write, else null. */
  items: number | null;
};

export type TaskIntent = {
  /** The task is about the workspace at all; when false the model answers in text. */
  workspace: boolean;
  /** The folder to list: the one the task names (`src/`), else the workspace root. */
  listPath: string;
  /** Files the task names to read, in order of appearance (the file to write is not among them). */
  files: string[];
  /** Read the README: named, or the natural file to read for a summary of the project. */
  readme: boolean;
  /** What to search for when the task asks to find something, else null. */
  search: string | null;
  write: WriteIntent | null;
};

const FILE_TOKEN = /(?<![\w/.-])((?:\.\/)?(?:[\w-]+\/)*[\w-]{2,}(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})(?![\w/-])/g;
const FOLDER_TOKEN = /(?<![\w/.-])((?:\.\/)?(?:[\w-]+\/)+)(?=[\s,;:!?)]|\.(?:\s|$)|$)/;
const QUOTED = /"([^"\n]+)"|“([^”\n]+)”|`([^`\n]+)`|(?<!\w)'([^'\n]+)'(?!\w)/g;

const WORKSPACE_WORDS = /\b(files?|folders?|director(?:y|ies)|workspace|project|repo(?:sitory)?|codebase)\b/i;
const SUMMARY_WORDS = /\b(summar(?:y|ies|i[sz]e[sd]?|i[sz]ing)|describe|overview|explain)\b/i;
const ABOUT_THE_PROJECT = /\bwhat (?:is|does) (?:this|the) (?:project|repo(?:sitory)?|workspace|codebase)\b/i;
const SEARCH_VERB = /\b(?:find|search(?:es|ing)?(?: for)?|grep|look(?:ing)? for|locate|mentions? of|occurrences? of)\b/i;
const WRITE_VERB = /\b(?:create|write|save|make|add|generate|store|put)\b/i;
const FILE_WORD = /\b(?:file|note|notes)\b/i;
const ITEM_COUNT =
  /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z-]+\s+)?(?:items?|points?|things?|tasks?|entries|lines?|steps?|ideas?|bullets?|todos?)\b/i;
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** Words after "find" / "search for" that are not what to search for. */
const NOT_A_QUERY = new Set(
  'the a an all any every each where which what who how for of in to me us out it its this that these those my our your word words text string strings line lines mention mentions occurrence occurrences use uses usage usages reference references place places file files folder folders workspace project'.split(
    ' ',
  ),
);

type Token = { text: string; index: number };

function tokens(pattern: RegExp, text: string): Token[] {
  return [...text.matchAll(pattern)].map((match) => ({
    text: match.slice(1).find((group) => group !== undefined) ?? match[0],
    index: match.index,
  }));
}

function withoutDotSlash(path: string): string {
  return path.replace(/^\.\//, '');
}

/** What to search for: the first quoted text after the verb, else the first word after it that names something. */
function searchQuery(text: string, quoted: Token[], files: Token[]): string | null {
  const verb = SEARCH_VERB.exec(text);
  if (!verb) return null;
  const after = verb.index + verb[0].length;
  const quote = quoted.find((token) => token.index >= after);
  if (quote) return quote.text;
  for (const match of text.slice(after).matchAll(/[\w.-]+/g)) {
    const word = match[0].replace(/^[.-]+|[.-]+$/g, '');
    if (!word || NOT_A_QUERY.has(word.toLowerCase())) continue;
    // "Find the README" or "find notes.txt" asks for a file, not for text in files.
    if (/^readme$/i.test(word) || files.some((file) => file.index === after + match.index)) return null;
    return word.length > 3 && /[^s]s$/.test(word) ? word.slice(0, -1) : word;
  }
  return null;
}

function itemCount(text: string): number | null {
  const match = ITEM_COUNT.exec(text);
  if (!match) return null;
  const word = match[1]!.toLowerCase();
  const count = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word) + 1;
  return count > 0 ? count : null;
}

/** The file to write: the first file named after the verb, else the last one named, else `notes.md` when the task says "a file". */
function writeIntent(text: string, files: Token[], quoted: Token[], search: string | null): WriteIntent | null {
  const verb = WRITE_VERB.exec(text);
  if (!verb) return null;
  const target = files.find((file) => file.index > verb.index) ?? files.at(-1);
  if (!target && !FILE_WORD.test(text)) return null;
  const path = target ? withoutDotSlash(target.text) : 'notes.md';
  const isFileName = (token: Token) => files.some((file) => file.text === token.text);
  const content = quoted.find((token) => !isFileName(token) && token.text !== search)?.text ?? null;
  return { path, content, items: content === null ? itemCount(text) : null };
}

/** Reads a task. `[[…]]` directives are ignored. */
export function readTaskIntent(task: string): TaskIntent {
  const text = stripDirectives(task);
  const files = tokens(FILE_TOKEN, text);
  const quoted = tokens(QUOTED, text);
  const search = searchQuery(text, quoted, files);
  const write = writeIntent(text, files, quoted, search);
  const folder = FOLDER_TOKEN.exec(text)?.[1];
  const reads = [...new Set(files.map((file) => withoutDotSlash(file.text)))].filter((path) => path !== write?.path);
  const readme =
    /\breadme\b/i.test(text) ||
    ABOUT_THE_PROJECT.test(text) ||
    (SUMMARY_WORDS.test(text) && WORKSPACE_WORDS.test(text) && reads.length === 0);
  return {
    workspace: WORKSPACE_WORDS.test(text) || files.length > 0 || !!folder || readme || search !== null || write !== null,
    listPath: folder ? withoutDotSlash(folder).replace(/\/+$/, '') || '.' : '.',
    files: reads,
    readme,
    search,
    write,
  };
}
