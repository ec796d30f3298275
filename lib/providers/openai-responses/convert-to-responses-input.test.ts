import { describe, expect, it } from 'vitest';
import { assistantMessageOf, fixtureOrigin, readFixture, replayBody, replayStream } from '../core/replay-fixture';
import type { AssistantMessage, Message } from '../core/types';
import { convertToResponsesInput } from './convert-to-responses-input';
import { responsesBodyEvents, responsesStreamEvents } from './responses-events';

const runtime = 'openai-responses';
const origin = fixtureOrigin(runtime);
const stateless = { origin, threading: 'stateless' as const };
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

async function recordedTurn(): Promise<{ assistant: AssistantMessage; finalOutput: Record<string, unknown>[] }> {
  const text = readFixture(__dirname, 'openai-responses-reasoning-text-tool-call.chunks.txt');
  const completed = text.split('\n').filter((line) => line.startsWith('data: ') && line.includes('"response.completed"'))[0]!;
  const finalOutput = (JSON.parse(completed.slice('data: '.length)) as { response: { output: Record<string, unknown>[] } }).response.output;
  return { assistant: assistantMessageOf(await replayStream(responsesStreamEvents, text, { runtime }), runtime), finalOutput };
}

const toolResult: Message = {
  role: 'tool',
  content: [{ type: 'tool-result', toolCallId: 'call_Rk4Tn7Wq0Ez3Xv6Yb9Uc2Id5', toolName: 'read_file', output: '# Switchboard' }],
};

describe('convertToResponsesInput', () => {
  it('stateless: a recorded turn goes back as it came — the reasoning item (id, summary, final encrypted_content), the text, the call with its item id', async () => {
    const { assistant, finalOutput } = await recordedTurn();
    const [reasoning, , call] = finalOutput;
    const { instructions, input, previousResponseId } = convertToResponsesInput(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'system', content: 'Cite files.' },
        user('Summarize the README.'),
        assistant,
        toolResult,
      ],
      stateless,
    );
    expect(instructions).toBe('Be brief.\n\nCite files.');
    expect(previousResponseId).toBeUndefined();
    const { status: _status, ...callAsSent } = call!;
    expect(input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Summarize the README.' }] },
      reasoning,
      { role: 'assistant', content: "I'll read the README first." },
      callAsSent,
      { type: 'function_call_output', call_id: 'call_Rk4Tn7Wq0Ez3Xv6Yb9Uc2Id5', output: '# Switchboard' },
    ]);
  });

  it('another account gets neither the reasoning nor the item ids it does not know', async () => {
    const { assistant } = await recordedTurn();
    const { input } = convertToResponsesInput([user('Summarize the README.'), assistant, toolResult], {
      origin: { runtime, account: 'another-account' },
      threading: 'stateless',
    });
    expect(input.map((item) => item.type ?? item.role)).toEqual(['user', 'assistant', 'function_call', 'function_call_output']);
    expect(input[2]).not.toHaveProperty('id');
  });

  it('previous_response_id: only what follows the last response of this account is sent, chained on its id', async () => {
    const { assistant } = await recordedTurn();
    const { input, previousResponseId } = convertToResponsesInput([user('Summarize the README.'), assistant, toolResult], {
      origin,
      threading: 'previous-response-id',
    });
    expect(previousResponseId).toBe('resp_0c3e5f7a9b1d2f4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6b');
    expect(input).toEqual([{ type: 'function_call_output', call_id: 'call_Rk4Tn7Wq0Ez3Xv6Yb9Uc2Id5', output: '# Switchboard' }]);
  });

  it('issue 12: a turn whose reasoning item was empty sends no reasoning item back', () => {
    const replayed = replayBody(
      responsesBodyEvents,
      readFixture(__dirname, 'openai-responses-issue-12-empty-reasoning-function-call.json'),
      { runtime },
    );
    const { input } = convertToResponsesInput([user('Read package.json.'), assistantMessageOf(replayed, runtime)], stateless);
    expect(input.map((item) => item.type ?? item.role)).toEqual(['user', 'function_call']);
  });

  it('user images as input_image; JSON tool output serialized', () => {
    const { input } = convertToResponsesInput(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', url: 'https://example.com/a.png' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'list_files', output: ['a.txt'] }] },
      ],
      stateless,
    );
    expect(input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image_url: 'https://example.com/a.png' },
        ],
      },
      { type: 'function_call_output', call_id: 'call_1', output: '["a.txt"]' },
    ]);
  });
});
