import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from './define-tool';

describe('defineTool', () => {
  it('turns a zod object into the JSON Schema the providers expect', () => {
    const tool = defineTool(
      'read_file',
      'Read a file of the workspace.',
      z.object({ path: z.string().describe('Relative path'), maxBytes: z.number().int().optional() }),
    );
    expect(tool).toEqual({
      name: 'read_file',
      description: 'Read a file of the workspace.',
      inputSchema: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Relative path' },
          maxBytes: { type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) },
        },
        required: ['path'],
      },
    });
  });
});
