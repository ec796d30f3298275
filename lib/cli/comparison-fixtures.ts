// Test data of the comparison formatting tests: a run on Chat beside its fork on Anthropic at turn 0.
import type { ComparisonMember, ComparisonView, TurnCell } from '@/lib/runs/comparison-view';

export const COMPARISON_ID = '01a21715-0000-7000-8000-0000000000c0';
export const PARENT_ID = '01a21715-0000-7000-8000-000000000001';
export const FORK_ID = '01a21715-0000-7000-8000-000000000002';

export function turnCell(overrides: Partial<Extract<TurnCell, { kind: 'turn' }>> = {}): Extract<TurnCell, { kind: 'turn' }> {
  return {
    kind: 'turn',
    status: 'succeeded',
    finishReason: 'stop',
    toolCalls: [],
    inputTokens: 100,
    outputTokens: 20,
    cacheReadTokens: 0,
    cacheWriteTokens: null,
    costUsd: 0.0012,
    providerCostUsd: null,
    latencyMs: 420,
    ttftMs: 95,
    attempts: 1,
    retries: 0,
    fallbacks: 0,
    delivery: 'streamed',
    profiles: ['simulator-chat'],
    ...overrides,
  };
}

export function member(overrides: Partial<ComparisonMember> & Pick<ComparisonMember, 'runId' | 'position'>): ComparisonMember {
  return {
    profileName: 'simulator-chat',
    provider: 'simulator',
    runtime: 'openai-chat',
    model: 'sim-gpt',
    faultScenario: null,
    status: 'succeeded',
    errorKind: null,
    lineage: null,
    replayDivergence: null,
    summary: {
      costUsd: 0.0024,
      providerCostUsd: null,
      wallMs: 1500,
      turns: 2,
      errors: 0,
      inputTokens: 200,
      outputTokens: 40,
      outcome: 'succeeded',
    },
    finalAnswer: 'The file says hi.',
    answerDiff: null,
    ...overrides,
  };
}

/** The parent (two turns: a write_file call, the answer) and its fork on Anthropic after turn 1 (index 0). */
export function comparisonView(): ComparisonView {
  return {
    id: COMPARISON_ID,
    kind: 'lineage',
    task: 'Write hello.txt, then say what it holds.',
    createdAt: '2030-01-01T00:00:00.000Z',
    members: [
      member({ runId: PARENT_ID, position: 0 }),
      member({
        runId: FORK_ID,
        position: 1,
        profileName: 'simulator-anthropic',
        runtime: 'anthropic-messages',
        model: 'sim-claude',
        lineage: { kind: 'fork', parentRunId: PARENT_ID, forkedAtTurn: 0, replayMode: null },
        summary: {
          costUsd: 0.003,
          providerCostUsd: null,
          wallMs: 900,
          turns: 1,
          errors: 0,
          inputTokens: 150,
          outputTokens: 30,
          outcome: 'succeeded',
        },
        finalAnswer: 'The file holds hi.',
        answerDiff: [
          { op: 'same', text: 'The file ' },
          { op: 'removed', text: 'says ' },
          { op: 'added', text: 'holds ' },
          { op: 'same', text: 'hi.' },
        ],
      }),
    ],
    turns: [
      {
        index: 0,
        cells: [
          turnCell({
            finishReason: 'tool_calls',
            toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hi' }, isError: false, replayed: false }],
            retries: 1,
            attempts: 2,
          }),
          { kind: 'carried', fromRunId: PARENT_ID },
        ],
      },
      {
        index: 1,
        cells: [
          turnCell(),
          turnCell({
            cacheWriteTokens: 80,
            costUsd: null,
            latencyMs: 1500,
            ttftMs: null,
            delivery: 'fallback',
            fallbacks: 1,
            profiles: ['simulator-anthropic'],
          }),
        ],
      },
    ],
    best: { costUsd: [PARENT_ID], wallMs: [FORK_ID], turns: [FORK_ID], errors: [PARENT_ID, FORK_ID], outputTokens: [FORK_ID] },
  };
}
