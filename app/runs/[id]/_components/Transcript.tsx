'use client';

import { Fragment } from 'react';
import { formatBytes } from '@/lib/runs/format';
import type { TurnView } from '@/lib/runs/run-detail';
import type { TranscriptBlock } from '@/lib/runs/transcript-reducer';
import { turnStrip } from '@/lib/runs/turn-strip';
import { Markdown } from './Markdown';
import { ToolCallView } from './ToolCallView';
import { TurnStripView } from './TurnStripView';
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

function noticeText(notice: string, message: string): string {
  return message.startsWith('[') ? message : `[${notice}] ${message}`;
}

function Block({ block }: { block: TranscriptBlock }) {
  switch (block.kind) {
    case 'text':
      return (
        <div className={styles.text} data-testid="assistant-text">
          <Markdown text={block.text} />
        </div>
      );
    case 'reasoning': {
      const opaque = [
        block.encryptedBytes ? `encrypted, ${formatBytes(block.encryptedBytes)}` : null,
        block.signatureBytes ? `signature: encrypted, ${formatBytes(block.signatureBytes)}` : null,
        block.redacted ? 'redacted thinking' : null,
      ].filter(Boolean);
      return (
        <details className={styles.reasoning} open={!block.complete} data-testid="reasoning">
          <summary>
            Reasoning{block.complete ? '' : ' (streaming…)'}
            {opaque.length ? <span className={styles.opaque}> · {opaque.join(' · ')}</span> : null}
          </summary>
          {block.text ? <p className={styles.reasoningText}>{block.text}</p> : <p className="muted">No shareable text: only the opaque part above, sent back to the provider as received.</p>}
        </details>
      );
    }
    case 'tool':
      return <ToolCallView block={block} />;
    case 'notice':
      return (
        <p className={`${styles.notice} ${block.notice === 'retrying' ? styles.retry : ''}`} data-testid="notice" data-notice={block.notice}>
          {noticeText(block.notice, block.message)}
        </p>
      );
    case 'provider-error':
      return (
        <p className={styles.providerError} data-testid="provider-error">
          {block.message}
        </p>
      );
    case 'fallback':
      return (
        <p className={styles.notice} data-testid="fallback">
          {block.message}
        </p>
      );
    case 'attempt':
      return block.attempt > 1 ? (
        <p className={styles.marker}>
          ↻ attempt {block.attempt} ({block.streamed ? 'streamed' : 'not streamed'})
        </p>
      ) : null;
    case 'finish':
      return <p className={styles.marker}>finish: {block.finishReason}</p>;
    case 'status':
      return (
        <p className={`${styles.statusLine} ${styles[`status_${block.status}`] ?? ''}`} data-testid="status-event">
          {block.status === 'running'
            ? `▶ ${block.resumed ? 'Resumed' : 'Started'}${block.workerId ? ` on worker ${block.workerId}` : ''}`
            : `■ Run ${block.status}${block.errorKind ? ` (${block.errorKind})` : ''}${block.message ? `: ${block.message}` : ''}`}
        </p>
      );
    case 'turn':
      return null;
  }
}

export function Transcript({ blocks, turns, active }: { blocks: readonly TranscriptBlock[]; turns: readonly TurnView[]; active: boolean }) {
  const all = sections(blocks);
  if (!all.length) {
    return <p className="muted">{active ? 'Waiting for the worker to start the run…' : 'This run recorded no events.'}</p>;
  }
  return (
    <ol className={styles.sections} data-testid="transcript">
      {all.map((section, position) => {
        const turn = section.turn;
        const entries = turn ? turnStrip(turns.find((candidate) => candidate.index === turn.index)?.calls ?? []).filter((entry) => entry.profileName === turn.profile) : [];
        return (
          <li key={turn?.key ?? `run-${position}`} className={styles.section}>
            {turn ? (
              <div className={styles.turnHead}>
                <h3>
                  Turn {turn.index}
                  <span className={styles.turnMeta}>
                    {' '}
                    · {turn.profile} · <code>{turn.model}</code>
                    {turn.fallback ? <span className={styles.fallbackTag}> fallback</span> : null}
                  </span>
                </h3>
                {entries.length ? (
                  entries.map((entry) => <TurnStripView key={entry.profileName} entry={entry} />)
                ) : (
                  <p className={styles.stripPending}>{active ? 'Call in progress — metadata appears when it ends.' : 'No provider call recorded for this turn.'}</p>
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
