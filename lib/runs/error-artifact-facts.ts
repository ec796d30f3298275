/** The fields a person looks at first in an error artifact (lib/store/error-artifacts.ts makes them). Client-safe. */

export type ArtifactAttempt = {
  attempt: number | null;
  streamed: boolean | null;
  status: string | null;
  httpStatus: number | null;
  errorKind: string | null;
  waitBeforeMs: number | null;
  durationMs: number | null;
  requestId: string | null;
};

export type ArtifactFacts = {
  kind: string | null;
  status: number | null;
  hint: string | null;
  message: string | null;
  bodySnippet: string | null;
  requestId: string | null;
  profile: string | null;
  model: string | null;
  attempts: ArtifactAttempt[];
};

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function artifactFacts(payload: unknown): ArtifactFacts {
  const artifact = record(payload);
  const attempts = Array.isArray(artifact.attempts) ? artifact.attempts : [];
  return {
    kind: text(artifact.kind),
    status: number(artifact.status),
    hint: text(artifact.hint),
    message: text(artifact.message),
    bodySnippet: text(artifact.bodySnippet),
    requestId: text(artifact.requestId),
    profile: text(artifact.profile),
    model: text(artifact.model),
    attempts: attempts.map((entry) => {
      const attempt = record(entry);
      return {
        attempt: number(attempt.attempt),
        streamed: typeof attempt.streamed === 'boolean' ? attempt.streamed : null,
        status: text(attempt.status),
        httpStatus: number(attempt.httpStatus),
        errorKind: text(attempt.errorKind),
        waitBeforeMs: number(attempt.waitBeforeMs),
        durationMs: number(attempt.durationMs),
        requestId: text(attempt.requestId),
      };
    }),
  };
}
