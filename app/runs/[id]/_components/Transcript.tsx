'use client';

import { Fragment } from 'react';
import { attemptText } from '@/lib/run-events/event-text';
import { CUT_TEXT, REASONING_CUT_TEXT } from '@/lib/runs/cut-text';
import { blockSentence, reasoningOpaque } from '@/lib/runs/transcript-block-text';
import type { TurnView } from '@/lib/runs/run-detail';
import type { TranscriptBlock } from '@/lib/runs/transcript-reducer';
import { turnNumber } from '@/lib/run-events/turn-number';
import { turnStrip } from '@/lib/runs/turn-strip';
import { Markdown } from './Markdown';
import { ToolCallView } from './ToolCallView';
import { TurnStripView } from './TurnStripView';
import { auditTurn } from '@/lib/runs/attempt-audit';
import styles from './Transcript.module.css';

type TurnBlock = Extract<TranscriptBlock, { kind: 'turn' }>;
type Section = { turn: TurnBlock | null; blocks: TranscriptBlock[] };

function sections(blocks: readonly TranscriptBlock[]): Section[] {
  const out: Section[] = [{ turn: null, blocks: [] }];
  for (const block of blocks) {
    if (block.kind === 'turn') out.push({ turn: block, blocks: [] });
    else out.at(-1)!.blocks.push(block);
  }
  return out.filter((section) => section.turn || section.blocks.length);
}

/** Why a turn shows no provider metadata: its call is still running, or it ended before one was recorded. */
function missingStripText(row: TurnView | undefined, active: boolean): string {
  if (row?.status === 'running' || (!row && active)) return 'Call in progress — metadata appears when it ends.';
  if (row?.finishReason === 'interrupted' && !row.calls.length)
    return 'Interrupted before the provider call was recorded: the worker stopped during this turn (what it streamed stays below). Resume continues with a new turn.';
  if (row && row.calls.length) return 'This profile recorded no call in this turn.';
  return 'No provider call recorded for this turn.';
}

function Block({ block }: { block: TranscriptBlock }) {
  switch (block.kind) {
    case 'text':
      return (
        <div className={styles.text} data-testid="assistant-text" data-streaming={block.streaming ? 'true' : undefined}>
          <Markdown text={block.text} />
          {block.cut ? (
            <p className={styles.cutMark} data-testid="output-cut" data-cut={block.cut}>
              {CUT_TEXT[block.cut]}
            </p>
          ) : null}
        </div>
      );
    case 'reasoning': {
      const opaque = reasoningOpaque(block);
      return (
        <details
          className={styles.reasoning}
          open={block.streaming}
          data-testid="reasoning"
          data-streaming={block.streaming ? 'true' : undefined}
        >
          <summary>
            Reasoning{block.streaming ? ' (streaming…)' : block.cut ? ` (${REASONING_CUT_TEXT[block.cut]})` : ''}
            {opaque.length ? <span className={styles.opaque}> · {opaque.join(' · ')}</span> : null}
          </summary>
          {block.text ? (
            <p className={styles.reasoningText}>{block.text}</p>
          ) : (
            <p className="muted">No shareable text: only the opaque part above, sent back to the provider as received.</p>
          )}
        </details>
      );
    }
    case 'tool':
      return <ToolCallView block={block} />;
    case 'notice': {
      const notice = block.payload.notice;
      return (
        <p
          className={`${styles.notice} ${notice === 'retrying' ? styles.retry : notice === 'cancelled' ? styles.neutral : ''}`}
          data-testid="notice"
          data-notice={notice}
        >
          {blockSentence(block)}
        </p>
      );
    }
    case 'provider-error':
      return (
        <p className={styles.providerError} data-testid="provider-error">
          {blockSentence(block)}
        </p>
      );
    case 'fallback':
      return (
        <p className={styles.notice} data-testid="fallback">
          {blockSentence(block)}
        </p>
      );
    case 'attempt': {
      const text = attemptText(block);
      return text ? <p className="note">{text}</p> : null;
    }
    case 'finish':
      return <p className="note">{blockSentence(block)}</p>;
    case 'status':
      return (
        <p className={`${styles.statusLine} ${styles[`status_${block.payload.status}`] ?? ''}`} data-testid="status-event">
          {blockSentence(block)}
        </p>
      );
    case 'unreadable':
      return (
        <details className={styles.unreadable} data-testid="unreadable-event">
          <summary>{blockSentence(block)}</summary>
          <pre>{JSON.stringify(block.payload, null, 2)}</pre>
        </details>
      );
    case 'turn':
      return null;
  }
}

export function Transcript({
  blocks,
  turns,
  active,
  turnAction,
}: {
  blocks: readonly TranscriptBlock[];
  turns: readonly TurnView[];
  active: boolean;
  /** What a turn offers beside its title ("Fork from here"), if anything. */
  turnAction?: (turnIndex: number) => React.ReactNode;
}) {
  const all = sections(blocks);
  // A turn whose call fell back to another profile has a section per profile: its action goes on the last one.
  const lastOfTurn = new Map(all.map((section, position) => [section.turn?.index, position]));
  if (!all.length) {
    return <p className="muted">{active ? 'Waiting for the worker to start the run…' : 'This run recorded no events.'}</p>;
  }
  return (
    <ol className={styles.sections} data-testid="transcript">
      {all.map((section, position) => {
        const turn = section.turn;
        const row = turn ? turns.find((candidate) => candidate.index === turn.index) : undefined;
        const entries = turn ? turnStrip(row?.calls ?? []).filter((entry) => entry.profileName === turn.profile) : [];
        return (
          <li key={turn?.key ?? `run-${position}`} className={styles.section}>
            {turn ? (
              <div className={styles.turnHead}>
                <div className={styles.turnTitle}>
                  <h3>
                    Turn {turnNumber(turn.index)}
                    <span className={styles.turnMeta}>
                      {' '}
                      · {turn.profile} · <code>{turn.model}</code>
                      {turn.fallback ? <span className="indicator warn"> fallback</span> : null}
                    </span>
                  </h3>
                  {lastOfTurn.get(turn.index) === position ? turnAction?.(turn.index) : null}
                </div>
                {entries.length ? (
                  entries.map((entry) => <TurnStripView key={entry.profileName} entry={entry} audits={auditTurn(row?.calls ?? [])} />)
                ) : (
                  <p
                    className={row && !row.calls.length && row.finishReason === 'interrupted' ? `note ${styles.stripNote}` : 'note'}
                    data-testid="turn-strip-missing"
                  >
                    {missingStripText(row, active)}
                  </p>
                )}
              </div>
            ) : null}
            {section.blocks.map((block) => (
              <Fragment key={block.key}>
                <Block block={block} />
              </Fragment>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
