import { attemptText } from '@/lib/run-events/event-text';
import { turnNumber } from '@/lib/run-events/turn-number';
import { formatCost, formatCount, formatDuration, formatReportedCount, truncate } from '@/lib/runs/format';
import type { TurnView } from '@/lib/runs/run-detail';
import { CUT_TEXT, REASONING_CUT_TEXT } from '@/lib/runs/cut-text';
import { blockSentence, reasoningOpaque } from '@/lib/runs/transcript-block-text';
import type { TranscriptBlock } from '@/lib/runs/transcript-reducer';
import { turnStrip, type TurnStripEntry } from '@/lib/runs/turn-strip';
import { plain, statusColor, type Colors } from './colors';

/**
 * The transcript as terminal text: the blocks of lib/runs/transcript-reducer.ts (the reducer the
 * run page uses), drawn the way app/runs/[id]/_components/Transcript.tsx draws them.
 */

const INDENT = '   ';
const ARGUMENTS_MAX = 240;
const RESULT_MAX = 400;

export function indent(text: string, prefix = INDENT): string[] {
  return text.split('\n').map((line) => (line ? prefix + line : ''));
}

export const compactJson = (value: unknown): string => (value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value)));

export function statusLine(block: Extract<TranscriptBlock, { kind: 'status' }>, colors: Colors): string {
  return statusColor(colors, block.payload.status)(blockSentence(block));
}

export function turnHeading(block: Extract<TranscriptBlock, { kind: 'turn' }>, colors: Colors): string {
  const title = `── Turn ${turnNumber(block.index)} · ${block.profile} · ${block.model}${block.fallback ? ' · fallback' : ''} `;
  return colors.bold(title + '─'.repeat(Math.max(3, 72 - [...title].length)));
}

/** The per-turn strip, two lines: provider, model, delivery, latency, TTFT, retries · tokens, cache, cost, request id. */
export function stripLines(entry: TurnStripEntry, colors: Colors = plain): string[] {
  const delivery =
    entry.delivery === 'fallback'
      ? colors.yellow(`fallback (not streamed${entry.fallbackReason ? `: ${truncate(entry.fallbackReason, 120)}` : ''})`)
      : entry.delivery;
  const first = [
    `${entry.provider} · ${entry.runtime} · ${entry.model}`,
    delivery,
    entry.status === 'error'
      ? colors.red(`error ${entry.errorKind ?? ''}${entry.httpStatus ? ` HTTP ${entry.httpStatus}` : ''}`.trim())
      : null,
    `latency ${formatDuration(entry.latencyMs)}`,
    `TTFT ${entry.delivery === 'streamed' ? formatDuration(entry.ttftMs) : '—'}`,
    `retries ${entry.retries}${entry.waitedMs ? ` (waited ${formatDuration(entry.waitedMs)})` : ''}`,
  ];
  const second = [
    `tokens in ${formatCount(entry.inputTokens)} / out ${formatCount(entry.outputTokens)} / reasoning ${formatReportedCount(entry.reasoningTokens)}`,
    `cache read ${formatReportedCount(entry.cacheReadTokens)} / write ${formatReportedCount(entry.cacheWriteTokens)}`,
    entry.costUsd !== null ? formatCost(entry.costUsd) : null,
    entry.requestId ? `request ${entry.requestId}` : null,
  ];
  return [first, second].map((parts) => colors.dim(`${INDENT}${parts.filter((part) => part !== null).join(' · ')}`));
}

/** The strip entries of a turn block (a fallback chain gives each profile its own turn block). */
export function stripsOf(block: Extract<TranscriptBlock, { kind: 'turn' }>, turns: readonly TurnView[]): TurnStripEntry[] {
  return turnStrip(turns.find((turn) => turn.index === block.index)?.calls ?? []).filter((entry) => entry.profileName === block.profile);
}

/** One block as lines. Turn blocks give their heading only (the strip comes from the recorded calls). */
export function formatBlock(block: TranscriptBlock, colors: Colors = plain): string[] {
  switch (block.kind) {
    case 'turn':
      return [turnHeading(block, colors)];
    case 'status':
      return [statusLine(block, colors)];
    case 'attempt': {
      const text = attemptText(block);
      return text ? [colors.dim(`${INDENT}${text}`)] : [];
    }
    case 'text':
      return [...indent(block.text.replace(/\s+$/, '')), ...(block.cut ? [colors.yellow(`${INDENT}${CUT_TEXT[block.cut]}`)] : [])];
    case 'reasoning': {
      const opaque = reasoningOpaque(block);
      const state = block.streaming ? ' (streaming…)' : block.cut ? ` (${REASONING_CUT_TEXT[block.cut]})` : '';
      const head = colors.magenta(`${INDENT}Reasoning${state}${opaque.length ? ` · ${opaque.join(' · ')}` : ''}`);
      return [head, ...(block.text ? indent(block.text.replace(/\s+$/, ''), `${INDENT}│ `).map(colors.dim) : [])];
    }
    case 'tool': {
      const lines: string[] = [];
      if (block.invalid !== null) {
        lines.push(
          colors.cyan(`${INDENT}→ ${block.name} ${truncate(block.rawArguments ?? '', ARGUMENTS_MAX)}`) +
            colors.red(` (arguments not JSON: ${block.invalid})`),
        );
      } else if (block.arguments !== null || block.rawArguments !== null) {
        lines.push(colors.cyan(`${INDENT}→ ${block.name} ${truncate(compactJson(block.arguments), ARGUMENTS_MAX)}`));
      }
      if (block.outcome) {
        const mark = block.outcome.ok ? colors.green('ok') : colors.red('error');
        lines.push(`${INDENT}← ${block.name} ${mark} ${truncate(compactJson(block.outcome.result), RESULT_MAX)}`);
        for (const error of block.outcome.errors) lines.push(colors.red(`${INDENT}    ${error.path}: ${error.message}`));
      } else if (block.phase === 'not-run') {
        lines.push(colors.yellow(`${INDENT}← ${block.name} not run (the call or the run ended first)`));
      }
      return lines;
    }
    case 'notice':
    case 'fallback':
      return [colors.yellow(`${INDENT}${blockSentence(block)}`)];
    case 'provider-error':
      return [colors.red(`${INDENT}${blockSentence(block)}`)];
    case 'finish':
      return [colors.dim(`${INDENT}${blockSentence(block)}`)];
    case 'unreadable':
      return [colors.dim(`${INDENT}${blockSentence(block)} ${truncate(compactJson(block.payload), RESULT_MAX)}`)];
  }
}

/** The whole transcript: each turn's heading followed by its strip, then its blocks. */
export function formatTranscript(
  blocks: readonly TranscriptBlock[],
  turns: readonly TurnView[],
  colors: Colors = plain,
  active = false,
): string[] {
  if (!blocks.length) return [colors.dim(active ? 'Waiting for the worker to start the run…' : 'This run recorded no events.')];
  const lines: string[] = [];
  for (const block of blocks) {
    lines.push(...formatBlock(block, colors));
    if (block.kind === 'turn') {
      const strips = stripsOf(block, turns);
      if (strips.length) lines.push(...strips.flatMap((entry) => stripLines(entry, colors)));
      else
        lines.push(
          colors.dim(
            `${INDENT}${active ? 'Call in progress — metadata appears when it ends.' : 'No provider call recorded for this turn.'}`,
          ),
        );
    }
  }
  return lines;
}
