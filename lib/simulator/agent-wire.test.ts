// The scripted model works through a natural task over each wire format: it reads the tool calls
// and results carried back in the conversation (Chat `tool` messages, Responses
// `function_call_output` items, Anthropic `tool_result` blocks, OpenRouter as Chat).
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { SimulatorHandle } from './index';
import { anthropicClient, FakeWorkspace, openaiClient, openrouterClient, useSimulator, WORKSPACE_TOOLS } from './test-utils';

let sim: SimulatorHandle;
useSimulator((started) => {
  sim = started;
});

type ToolRun = (name: string, args: Record<string, unknown>) => { content: string; isError: boolean };
type Played = { calls: Array<[string, Record<string, unknown>]>; answer: string };
type Agent = (task: string, run: ToolRun) => Promise<Played>;

const MAX_TURNS = 10;

/** `conversation`: a chat to go on with (the task, its calls and the answer are added to it); else each task starts a new one. */
const chatAgent =
  (client: () => OpenAI, model: string, conversation?: OpenAI.ChatCompletionMessageParam[]): Agent =>
  async (task, run) => {
    const tools = WORKSPACE_TOOLS.map(({ name, description, parameters }) => ({
      type: 'function' as const,
      function: { name, description, parameters },
    }));
    const messages = conversation ?? [];
    messages.push({ role: 'user', content: task });
    const calls: Played['calls'] = [];
    for (let turn = 0; turn < MAX_TURNS; turn += 1) {
      const message = (await client().chat.completions.create({ model, messages, tools })).choices[0]!.message;
      messages.push(message);
      if (!message.tool_calls?.length) return { calls, answer: message.content ?? '' };
      for (const call of message.tool_calls) {
        if (call.type !== 'function') continue;
        const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
        calls.push([call.function.name, args]);
        messages.push({ role: 'tool', tool_call_id: call.id, content: run(call.function.name, args).content });
      }
    }
    throw new Error('no answer');
  };

const responsesAgent: Agent = async (task, run) => {
  const tools = WORKSPACE_TOOLS.map(({ name, description, parameters }) => ({
    type: 'function' as const,
    name,
    description,
    parameters,
    strict: false,
  }));
  const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: task }];
  const calls: Played['calls'] = [];
  for (let turn = 0; turn < MAX_TURNS; turn += 1) {
    const response = await openaiClient(sim).responses.create({ model: 'sim-o-reasoner', input, tools });
    const requested = response.output.filter((item) => item.type === 'function_call');
    if (requested.length === 0) return { calls, answer: response.output_text };
    input.push(...(response.output as OpenAI.Responses.ResponseInputItem[]));
    for (const call of requested) {
      const args = JSON.parse(call.arguments) as Record<string, unknown>;
      calls.push([call.name, args]);
      input.push({ type: 'function_call_output', call_id: call.call_id, output: run(call.name, args).content });
    }
  }
  throw new Error('no answer');
};

const anthropicAgent: Agent = async (task, run) => {
  const tools = WORKSPACE_TOOLS.map(({ name, description, parameters }) => ({ name, description, input_schema: parameters }));
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: task }];
  const calls: Played['calls'] = [];
  for (let turn = 0; turn < MAX_TURNS; turn += 1) {
    const message = await anthropicClient(sim).messages.create({ model: 'sim-claude', max_tokens: 4096, tools, messages });
    const uses = message.content.filter((block) => block.type === 'tool_use');
    if (uses.length === 0)
      return { calls, answer: message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('') };
    messages.push({ role: 'assistant', content: message.content });
    messages.push({
      role: 'user',
      content: uses.map((use) => {
        const args = use.input as Record<string, unknown>;
        calls.push([use.name, args]);
        const result = run(use.name, args);
        return {
          type: 'tool_result' as const,
          tool_use_id: use.id,
          content: result.content,
          ...(result.isError ? { is_error: true } : {}),
        };
      }),
    });
  }
  throw new Error('no answer');
};

const AGENTS: Array<[string, Agent]> = [
  ['OpenAI Chat', chatAgent(() => openaiClient(sim), 'sim-gpt')],
  ['OpenAI Responses', responsesAgent],
  ['Anthropic Messages', anthropicAgent],
  ['OpenRouter', chatAgent(() => openrouterClient(sim), 'anthropic/sim-claude')],
];

function workspaceRun(): ToolRun {
  const workspace = new FakeWorkspace();
  return (name, args) => {
    const result = workspace.run(name, args);
    return { content: JSON.stringify(result), isError: !result.ok };
  };
}

describe.each(AGENTS)('a natural task over %s', (_, agent) => {
  it('lists the files, reads the README and answers from what they returned', async () => {
    const played = await agent('List the files in the workspace and summarise the README', workspaceRun());
    expect(played.calls).toEqual([
      ['list_files', { path: '.', recursive: true }],
      ['read_file', { path: 'README.md' }],
    ]);
    expect(played.answer).toContain('README.md, src/ and src/duration.ts');
    expect(played.answer).toContain('"A tiny workspace for trying agents."');
  });

  it('writes what it is asked to create, and reports a failed tool', async () => {
    const created = await agent('Create a file todo.md with three items', workspaceRun());
    expect(created.calls.map(([name]) => name)).toEqual(['list_files', 'write_file']);
    expect(created.answer).toContain('I wrote todo.md (60 bytes, a new file) with 3 items');
    const missing = await agent('What is in notes.txt?', workspaceRun());
    expect(missing.answer).toContain('I could not read notes.txt: notes.txt does not exist.');
  });
});

describe('tool results across the formats', () => {
  it('Anthropic: a tool_result with is_error and plain text is reported as a failure', async () => {
    const played = await anthropicAgent('Summarise the README', (name) =>
      name === 'read_file' ? { content: 'disk on fire', isError: true } : { content: 'README.md', isError: false },
    );
    expect(played.answer).toBe('The workspace holds 1 entry: README.md.\n\nI could not read README.md: disk on fire.');
  });

  it('Chat: a new user message starts a new plan; the calls made for an earlier task do not count', async () => {
    const agent = chatAgent(() => openaiClient(sim), 'sim-gpt', []);
    const run = workspaceRun();
    expect((await agent('What is in README.md?', run)).calls.map(([name]) => name)).toEqual(['list_files', 'read_file']);
    expect((await agent('What is in README.md?', run)).calls.map(([name]) => name)).toEqual(['list_files', 'read_file']);
  });
});
