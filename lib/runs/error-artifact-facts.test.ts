import { describe, expect, it } from 'vitest';
import { artifactFacts } from './error-artifact-facts';

describe('artifactFacts', () => {
  it('reads the artifact the conductor writes', () => {
    const facts = artifactFacts({
      kind: 'auth',
      status: 401,
      hint: 'Check the API key.',
      message: 'Incorrect API key provided',
      bodySnippet: '{"error":{"code":"invalid_api_key"}}',
      requestId: 'req_1',
      profile: 'simulator-chat',
      model: 'sim-gpt',
      attempts: [
        {
          attempt: 1,
          streamed: true,
          status: 'error',
          httpStatus: 401,
          errorKind: 'auth',
          waitBeforeMs: 0,
          durationMs: 12,
          requestId: 'req_1',
        },
      ],
    });
    expect(facts).toMatchObject({
      kind: 'auth',
      status: 401,
      hint: 'Check the API key.',
      attempts: [{ attempt: 1, httpStatus: 401, errorKind: 'auth', durationMs: 12 }],
    });
  });

  it('never throws on odd payloads', () => {
    expect(artifactFacts(null)).toMatchObject({ kind: null, attempts: [] });
    expect(artifactFacts([{ kind: 'x' }])).toMatchObject({ kind: null });
    expect(artifactFacts({ kind: 3, attempts: 'none' })).toMatchObject({ kind: null, attempts: [] });
  });
});
