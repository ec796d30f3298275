import { describe, expect, it } from 'vitest';
import { mapChatFinishReason } from './map-chat-finish-reason';

describe('mapChatFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['error', 'error'],
    [null, 'stop'],
    ['a_reason_from_the_future', 'stop'],
  ])('%s → %s', (reason, finish) => {
    expect(mapChatFinishReason(reason)).toBe(finish);
  });
});
