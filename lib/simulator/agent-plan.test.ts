import { describe, expect, it } from 'vitest';
import { MAX_PLANNED_ROUNDS } from './agent-plan';
import { scriptTurn, type ScriptInput, type ScriptedToolCall, type ToolExchange, type ToolSpec } from './scripted-model';
import { FakeWorkspace, WORKSPACE_TOOLS } from './test-utils';

const TOOLS: ToolSpec[] = WORKSPACE_TOOLS;

type Conversation = { rounds: ScriptedToolCall[][]; answer: string };

/**
 * Plays an agent loop against the scripted model: its tool calls are answered by `answer` (a fake
 * workspace by default) and sent back, as a runtime does, until it answers in text (or 20 rounds).
 */
function converse(task: string, extra: Partial<ScriptInput> = {}, answer?: (call: ScriptedToolCall) => ToolExchange): Conversation {
  const workspace = new FakeWorkspace();
  const run =
    answer ??
    ((call: ScriptedToolCall) => {
      const result = workspace.run(call.name, call.arguments);
      return { name: call.name, arguments: call.arguments, content: JSON.stringify(result), isError: !result.ok };
    });
  const history: ToolExchange[] = [];
  const rounds: ScriptedToolCall[][] = [];
  let last: ToolExchange[] = [];
  for (let round = 0; round < 20; round += 1) {
    const turn = scriptTurn({
      latestUserText: task,
      toolResults: last.length > 0 ? last.map(({ name, content }) => ({ name, content })) : null,
      tools: TOOLS,
      toolChoice: { mode: 'auto' },
      toolRounds: rounds.length,
      toolHistory: history,
      ...extra,
    });
    if (turn.kind === 'text') return { rounds, answer: turn.text };
    rounds.push(turn.calls);
    last = turn.calls.map(run);
    history.push(...last);
  }
  throw new Error('the scripted model never answered');
}

const callsOf = (conversation: Conversation) => conversation.rounds.map((round) => round.map((call) => [call.name, call.arguments]));

describe('the scripted model on a natural task', () => {
  it('lists the files, reads the README, and answers with what they returned', () => {
    const run = converse('List the files in the workspace and summarise the README');
    expect(callsOf(run)).toEqual([[['list_files', { path: '.', recursive: true }]], [['read_file', { path: 'README.md' }]]]);
    expect(run.answer).toContain('The workspace holds 3 entries: README.md, src/ and src/duration.ts.');
    expect(run.answer).toContain('README.md (5 lines) is titled "Sample project" and says: "A tiny workspace for trying agents."');
  });

  it('reads the file the task names and reflects a tool error in the answer', () => {
    const run = converse('What is in notes.txt?');
    expect(callsOf(run)).toEqual([[['list_files', { path: '.', recursive: true }]], [['read_file', { path: 'notes.txt' }]]]);
    expect(run.answer).toContain('I could not read notes.txt: notes.txt does not exist.');
    // A named file is read as the listing spells it.
    expect(callsOf(converse('Explain duration.ts'))[1]).toEqual([['read_file', { path: 'src/duration.ts' }]]);
  });

  it('writes the file it is asked to create, and says what it wrote', () => {
    const run = converse('Create a file todo.md with three items');
    expect(callsOf(run)).toEqual([
      [['list_files', { path: '.', recursive: true }]],
      [['write_file', { path: 'todo.md', content: '# Todo\n\n- [ ] First item\n- [ ] Second item\n- [ ] Third item\n' }]],
    ]);
    expect(run.answer).toContain('I wrote todo.md (60 bytes, a new file) with 3 items: First item, Second item and Third item.');
    // What it read goes into what it writes.
    const summary = converse('Read README.md and save a summary to summary.md');
    expect(summary.rounds.map((round) => round.map((call) => call.name))).toEqual([['list_files'], ['read_file'], ['write_file']]);
    expect(summary.rounds[2]![0]!.arguments.content).toContain('A tiny workspace for trying agents.');
  });

  it('searches when asked to find something', () => {
    const run = converse('Find the TODOs');
    expect(callsOf(run)[1]).toEqual([['search_text', { query: 'TODO' }]]);
    expect(run.answer).toContain('Searching for "TODO" found 1 match: README.md:5 "TODO: add a test for `parseDuration`."');
  });

  it('calls only the tools offered, and answers in text when none fits or none is offered', () => {
    const onlyRead = converse('List the files in the workspace and summarise the README', {
      tools: TOOLS.filter((tool) => tool.name === 'read_file'),
    });
    expect(callsOf(onlyRead)).toEqual([[['read_file', { path: 'README.md' }]]]);
    for (const tools of [[], [{ name: 'run_command', parameters: { type: 'object' } }]]) {
      const run = converse('List the files in the workspace and summarise the README', { tools });
      expect(run.rounds).toEqual([]);
      expect(run.answer).toMatch(/^Simulated answer to: "List the files in the workspace and summarise the README"\./);
    }
    expect(converse('Say hello.')).toMatchObject({ rounds: [] });
    expect(converse('Summarise the README', { toolChoice: { mode: 'none' } }).rounds).toEqual([]);
  });

  it('finds the tools by what their names say and fills their own argument names', () => {
    const tools = [
      { name: 'ls', parameters: { type: 'object', properties: { dir: { type: 'string' } } } },
      { name: 'cat', parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } },
    ];
    const run = converse('Summarise the README', { tools }, (call) => ({
      name: call.name,
      arguments: call.arguments,
      content: call.name === 'ls' ? 'README.md\nsrc/' : '# Notes\n\nPlain text, not JSON.',
      isError: false,
    }));
    expect(callsOf(run)).toEqual([[['ls', {}]], [['cat', { file_path: 'README.md' }]]]);
    expect(run.answer).toContain('The workspace holds 2 entries: README.md and src/.');
    expect(run.answer).toContain('README.md (3 lines) is titled "Notes" and says: "Plain text, not JSON."');
  });

  it('makes one call per round when parallel calls are off', () => {
    const run = converse('Read README.md and src/duration.ts', { singleToolCall: true });
    expect(run.rounds.map((round) => round.map((call) => call.name))).toEqual([['list_files'], ['read_file'], ['read_file']]);
    expect(run.answer).toContain('src/duration.ts (3 lines) begins: "export function parseDuration');
  });

  it('always ends with an answer: a call is never repeated, and the rounds are capped', () => {
    // A workspace that answers everything with a failure: the model still answers, once, reporting it.
    const failing = converse('Read one.md, two.md, three.md and four.md, then save them to all.md', {}, (call) => ({
      name: call.name,
      arguments: call.arguments,
      content: 'permission denied',
      isError: true,
    }));
    expect(failing.rounds.map((round) => round.map((call) => call.name))).toEqual([
      ['list_files'],
      ['read_file', 'read_file', 'read_file'],
      ['write_file'],
    ]);
    expect(failing.answer).toContain('I could not list .: permission denied');
    expect(failing.answer).toContain('I could not write all.md: permission denied');
    // Results sent back without their calls' arguments: the model cannot tell what it did; the cap ends the run.
    const forgetful = converse('What is in notes.txt?', {}, (call) => ({
      name: call.name,
      arguments: {},
      content: '{"ok":true}',
      isError: false,
    }));
    expect(forgetful.rounds).toHaveLength(MAX_PLANNED_ROUNDS);
    expect(forgetful.answer).toContain('Tool list_files returned: {"ok":true}.');
  });

  it('is deterministic, and the per-model style sets how much of a file it quotes', () => {
    const task = 'List the files in the workspace and summarise the README';
    expect(converse(task)).toEqual(converse(task));
    expect(converse(task, { model: 'sim-gpt' }).answer).not.toContain('TODO');
    expect(converse(task, { model: 'sim-claude' }).answer).toContain('Then: "TODO: add a test for `parseDuration`."');
  });

  it('keeps the scripted forms: a task that names a tool gets exactly those calls and the plain report', () => {
    const run = converse('Use list_files then answer.');
    expect(callsOf(run)).toEqual([[['list_files', {}]]]);
    expect(run.answer).toMatch(/^Tool list_files returned: \{"ok":true/);
  });
});
