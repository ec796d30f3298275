import type { ComparisonView } from '@/lib/runs/comparison-view';
import styles from './Comparison.module.css';

/** Each run's final answer; after the first column, as a word diff against the first column's. */
export function AnswerDiffs({ view }: { view: ComparisonView }) {
  const first = view.members[0];
  return (
    <div className={styles.answers}>
      {view.members.map((member) => (
        <article key={member.runId} className={styles.answer} data-testid="final-answer" data-run-id={member.runId}>
          <h3>
            <span className={styles.columnNumber}>{member.position + 1}</span> {member.profileName}
            {member.position > 0 && first ? <span className={styles.sub}>compared with column 1 ({first.profileName})</span> : null}
          </h3>
          {member.finalAnswer === null ? (
            <p className="muted">
              No final answer{member.status === 'succeeded' ? ' (the run ended on a tool call)' : ` (${member.summary.outcome})`}.
            </p>
          ) : member.answerDiff ? (
            <p className={styles.answerText} data-testid="answer-diff">
              {member.answerDiff.map((piece, index) =>
                piece.op === 'added' ? (
                  <ins key={index}>{piece.text}</ins>
                ) : piece.op === 'removed' ? (
                  <del key={index}>{piece.text}</del>
                ) : (
                  <span key={index}>{piece.text}</span>
                ),
              )}
            </p>
          ) : (
            <p className={styles.answerText}>{member.finalAnswer}</p>
          )}
        </article>
      ))}
    </div>
  );
}
