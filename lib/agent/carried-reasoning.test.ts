import { describe, expect, it } from 'vitest';
import type { Message } from '@/lib/providers/core/types';
import { carriedReasoning } from './carried-reasoning';

const responses = { runtime: 'openai-responses' as const, account: 'acct-a' };
const anthropic = { runtime: 'anthropic-messages' as const, account: 'acct-b' };

const conversation: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'go' }] },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', origin: responses, summary: ['s'], encrypted: 'gAAAAAB-blob' },
      { type: 'reasoning', origin: anthropic, text: 'thinking', signature: 'sig' },
      { type: 'reasoning', origin: anthropic, text: 'plain summary only' },
      { type: 'text', text: 'ok' },
    ],
  },
];

describe('carriedReasoning', () => {
  it('keeps the blobs of the same runtime and account, counts the others as dropped by runtime', () => {
    expect(carriedReasoning(conversation, responses)).toEqual({ kept: 1, dropped: 1, droppedFrom: ['anthropic-messages'] });
    expect(carriedReasoning(conversation, { runtime: 'openai-responses', account: 'other' })).toEqual({
      kept: 0,
      dropped: 2,
      droppedFrom: ['openai-responses', 'anthropic-messages'],
    });
  });
});
