import { describeCallStatus } from '@/lib/run-events/call-error-text';
import { artifactFacts } from '@/lib/runs/error-artifact-facts';
import { formatDuration } from '@/lib/runs/format';
import type { ErrorArtifactView } from '@/lib/runs/run-detail';
import styles from './ErrorArtifacts.module.css';

/** Each failed turn's artifact: the facts first, the formatted JSON, and the download. */
export function ErrorArtifacts({ runId, artifacts }: { runId: string; artifacts: readonly ErrorArtifactView[] }) {
  if (!artifacts.length) return null;
  return (
    <section className="panel" aria-labelledby="artifacts-heading" data-testid="error-artifacts">
      <div className="panel-header">
        <h2 id="artifacts-heading">Error artifacts</h2>
        <span className="muted">one per failed provider call, redacted</span>
      </div>
      <ul className={styles.list}>
        {artifacts.map((artifact, position) => {
          const facts = artifactFacts(artifact.payload);
          const href = `/api/runs/${runId}/errors/${artifact.file}`;
          return (
            <li key={`${artifact.file}-${position}`} className={styles.item} data-testid="error-artifact">
              <details>
                <summary>
                  <code>errors/{artifact.file}</code> <span className={styles.kind}>{artifact.kind}</span>
                  {artifact.httpStatus ? <span className="muted"> {describeCallStatus(artifact.kind, artifact.httpStatus)}</span> : null}
                  {facts.profile ? <span className="muted"> · {facts.profile}</span> : null}
                </summary>
                <dl className={styles.facts}>
                  <div>
                    <dt>kind</dt>
                    <dd>{facts.kind ?? artifact.kind}</dd>
                  </div>
                  <div>
                    <dt>status</dt>
                    <dd>{facts.status ?? '—'}</dd>
                  </div>
                  <div className={styles.wide}>
                    <dt>hint</dt>
                    <dd>{facts.hint ?? '—'}</dd>
                  </div>
                  {facts.message ? (
                    <div className={styles.wide}>
                      <dt>message</dt>
                      <dd>{facts.message}</dd>
                    </div>
                  ) : null}
                  <div className={styles.wide}>
                    <dt>snippet</dt>
                    <dd>{facts.bodySnippet ? <pre className={`code-block ${styles.codeBlock}`}>{facts.bodySnippet}</pre> : '—'}</dd>
                  </div>
                  <div className={styles.wide}>
                    <dt>attempts</dt>
                    <dd>
                      {facts.attempts.length ? (
                        <ol className={styles.attempts}>
                          {facts.attempts.map((attempt, index) => (
                            <li key={index}>
                              #{attempt.attempt ?? index + 1} {attempt.status ?? ''} {attempt.errorKind ?? ''}{' '}
                              {attempt.httpStatus ? `HTTP ${attempt.httpStatus}` : ''}
                              {attempt.waitBeforeMs ? ` · waited ${formatDuration(attempt.waitBeforeMs)}` : ''}
                              {attempt.durationMs !== null ? ` · ${formatDuration(attempt.durationMs)}` : ''}
                              {attempt.streamed === null ? '' : attempt.streamed ? ' · streamed' : ' · not streamed'}
                            </li>
                          ))}
                        </ol>
                      ) : (
                        '—'
                      )}
                    </dd>
                  </div>
                </dl>
                <pre
                  className={`code-block ${styles.codeBlock}`}
                  data-testid="error-artifact-json"
                  tabIndex={0}
                  aria-label={`errors/${artifact.file} as JSON`}
                >
                  {JSON.stringify(artifact.payload, null, 2)}
                </pre>
              </details>
              <a className={styles.download} href={href} download={artifact.file}>
                Download errors/{artifact.file}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
