import { describe, expect, it } from 'vitest';
import { mapResponsesFinishReason } from './map-responses-finish-reason';

describe('mapResponsesFinishReason', () => {
  it.each([
    [{ status: 'completed' }, false, 'stop'],
    [{ status: 'completed' }, true, 'tool_calls'],
    [{ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }, true, 'length'],
    [{ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }, false, 'content_filter'],
    [{ status: 'incomplete', incomplete_details: null }, false, 'stop'],
  ] as const)('%j, function calls %s → %s', (response, hasFunctionCalls, finish) => {
    expect(mapResponsesFinishReason(response, hasFunctionCalls)).toBe(finish);
  });
});
