import type OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { SimulatorHandle } from './index';
import { collect, longPrompt, openaiClient, rawPost, READ_FILE_TOOL, rejection, SEARCH_TOOL, useSimulator } from './test-utils';

let sim: SimulatorHandle;
let client: OpenAI;

useSimulator((started) => {
  sim = started;
  client = openaiClient(started);
});

const tools = [READ_FILE_TOOL, SEARCH_TOOL].map((fn) => ({ type: 'function' as const, strict: false, ...fn }));

describe('OpenAI Responses', () => {
  it('answers with text (non-streaming)', async () => {
    const { data, response } = await client.responses.create({ model: 'gpt-4.1', input: 'Explain SSE briefly.' }).withResponse();
    expect(data.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(data.status).toBe('completed');
    expect(data.output).toHaveLength(1);
    expect(data.output[0]).toMatchObject({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      id: expect.stringMatching(/^msg_[0-9a-f]{50}$/),
    });
    expect(data.output_text).toMatch(/^Simulated answer to: "Explain SSE briefly\."\./);
    expect(data.usage).toMatchObject({ input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } });
    expect(data.reasoning).toEqual({ effort: null, summary: null });
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('streams events with event: lines, consecutive sequence_numbers and no [DONE]', async () => {
    const raw = await rawPost(`${sim.url}/v1/responses`, { model: 'gpt-4.1', stream: true, input: 'Say hello' });
    expect(raw.text).not.toContain('[DONE]');
    const blocks = raw.text.trim().split('\n\n');
    const events = blocks.map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const data = JSON.parse(dataLine!.slice('data: '.length)) as { type: string; sequence_number: number };
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-5)).toEqual([
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);

    const stream = await client.responses.create({ model: 'gpt-4.1', stream: true, input: 'Say hello' });
    const sdkEvents = await collect(stream);
    const text = sdkEvents.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');
    const completed = sdkEvents.find((event) => event.type === 'response.completed');
    if (completed?.type !== 'response.completed') throw new Error('no response.completed');
    const message = completed.response.output[0];
    expect(message?.type === 'message' && message.content[0]?.type === 'output_text' && message.content[0].text).toBe(text);
  });

  it("works with the SDK's stream helper (ResponseStream)", async () => {
    const final = await client.responses
      .stream({ model: 'gpt-5', reasoning: { effort: 'low', summary: 'auto' }, tools, input: 'read_file please' })
      .finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    const text = await client.responses.stream({ model: 'gpt-4.1', input: 'hello' }).finalResponse();
    expect(text.output_text).toMatch(/^Simulated answer to: "hello"/);
  });

  it('streams reasoning summary and encrypted content, then parallel function calls', async () => {
    const stream = await client.responses.create({
      model: 'gpt-5',
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'medium', summary: 'detailed' },
      tools,
      input: [
        {
          role: 'user',
          content: [{ type: 'input_text', text: 'Run read_file and search_text {"query": "TODO", "max_results": 5, "mode": "fuzzy"}' }],
        },
      ],
    });
    const events: ResponseStreamEvent[] = await collect(stream);
    const types = events.map((event) => event.type);
    expect(types).toContain('response.reasoning_summary_part.added');
    expect(types).toContain('response.reasoning_summary_text.delta');
    expect(types).toContain('response.reasoning_summary_part.done');
    expect(types.filter((type) => type === 'response.function_call_arguments.delta').length).toBeGreaterThan(2);
    const completed = events.find((event) => event.type === 'response.completed');
    if (completed?.type !== 'response.completed') throw new Error('no response.completed');
    const [reasoning, ...calls] = completed.response.output;
    expect(reasoning).toMatchObject({
      type: 'reasoning',
      id: expect.stringMatching(/^rs_/),
      encrypted_content: expect.stringMatching(/^gAAAAAB/),
    });
    expect(reasoning?.type === 'reasoning' && reasoning.summary[0]?.text).toMatch(/^The user asked: "Run read_file and search_text/);
    expect(calls.map((call) => call.type === 'function_call' && [call.name, JSON.parse(call.arguments)])).toEqual([
      ['read_file', { path: 'README.md' }],
      ['search_text', { query: 'TODO', max_results: 5, mode: 'fuzzy' }],
    ]);
    expect(completed.response.usage!.output_tokens_details.reasoning_tokens).toBe(192);
    const added = events.find((event) => event.type === 'response.output_item.added' && event.item.type === 'reasoning');
    expect(added?.type === 'response.output_item.added' && added.item.type === 'reasoning' && added.item.encrypted_content).not.toBe(
      reasoning?.type === 'reasoning' && reasoning.encrypted_content,
    );
  });

  it('stateless: accepts the reasoning item carried back and rejects calls without it or with a tampered blob', async () => {
    const first = await client.responses.create({
      model: 'o4-mini',
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'low', summary: 'auto' },
      tools,
      input: 'Please read_file {"path": "docs/a.md"}',
    });
    const [reasoning, call] = first.output;
    if (reasoning?.type !== 'reasoning' || call?.type !== 'function_call') throw new Error('unexpected output');
    const output: ResponseInputItem = { type: 'function_call_output', call_id: call.call_id, output: 'alpha beta gamma' };
    const base = {
      model: 'o4-mini',
      store: false,
      include: ['reasoning.encrypted_content' as const],
      reasoning: { effort: 'low' as const },
      tools,
    };

    const ok = await client.responses.create({
      ...base,
      input: ['Please read_file {"path": "docs/a.md"}', reasoning, call, output].map(toItem),
    });
    expect(ok.output_text).toBe('Tool read_file returned: alpha beta gamma.');
    const sent = sim.requests[1]!.body as { input: Array<{ type?: string; encrypted_content?: string }> };
    expect(sent.input.find((item) => item.type === 'reasoning')!.encrypted_content).toBe(reasoning.encrypted_content);

    const { id: _id, ...callWithoutId } = call;
    const missing = await rejection(
      client.responses.create({ ...base, input: [toItem('Please read_file {"path": "docs/a.md"}'), callWithoutId, output] }),
    );
    expect(missing).toMatchObject({ status: 404, type: 'invalid_request_error', param: 'input' });
    expect((missing as Error).message).toContain(
      `Item with id '${reasoning.id}' not found. Items are not persisted when \`store\` is set to false.`,
    );

    const unpaired = await rejection(
      client.responses.create({ ...base, input: [toItem('Please read_file {"path": "docs/a.md"}'), call, output] }),
    );
    expect((unpaired as Error).message).toContain(
      `Item '${call.id}' of type 'function_call' was provided without its required 'reasoning' item: '${reasoning.id}'.`,
    );

    const blob = reasoning.encrypted_content!;
    const tampered = { ...reasoning, encrypted_content: `${blob.slice(0, 40)}${blob[40] === 'A' ? 'B' : 'A'}${blob.slice(41)}` };
    const invalid = await rejection(
      client.responses.create({ ...base, input: [toItem('Please read_file {"path": "docs/a.md"}'), tampered, call, output] }),
    );
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_encrypted_content' });
  });

  it('stateful: resolves previous_response_id and rejects unknown ids', async () => {
    const first = await client.responses.create({ model: 'gpt-4.1', tools, input: 'read_file now' });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no call');
    const second = await client.responses.create({
      model: 'gpt-4.1',
      tools,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'file body' }],
    });
    expect(second.output_text).toBe('Tool read_file returned: file body.');
    expect(second.previous_response_id).toBe(first.id);
    expect((await client.responses.retrieve(second.id)).output_text).toBe(second.output_text);

    const error = await rejection(client.responses.create({ model: 'gpt-4.1', previous_response_id: 'resp_missing', input: 'x' }));
    expect(error).toMatchObject({ status: 400, code: 'previous_response_not_found', param: 'previous_response_id' });
    expect((error as Error).message).toContain("Previous response with id 'resp_missing' not found.");
  });

  it('ends incomplete at max_output_tokens and reports cached tokens for a long repeated prefix', async () => {
    const cut = await client.responses.create({ model: 'gpt-4.1', max_output_tokens: 16, input: 'Go on [[words:200]]' });
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(cut.usage!.output_tokens).toBe(16);

    const instructions = longPrompt();
    await client.responses.create({ model: 'gpt-4.1', instructions, input: 'one' });
    const second = await client.responses.create({ model: 'gpt-4.1', instructions, input: 'two' });
    expect(second.usage!.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect(second.usage!.input_tokens_details.cached_tokens % 128).toBe(0);
  });
});

/** Turns a string into a user message item; passes items through. */
function toItem(item: string | ResponseInputItem | object): ResponseInputItem {
  return typeof item === 'string' ? { role: 'user', content: item } : (item as ResponseInputItem);
}
