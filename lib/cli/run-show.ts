import { artifactFacts } from '@/lib/runs/error-artifact-facts';
import { formatCostReport, formatCount, formatDuration, formatTimestamp, truncate } from '@/lib/runs/format';
import type { ErrorArtifactView, RunDetail } from '@/lib/runs/run-detail';
import { isTerminalStatus } from '@/lib/runs/run-status';
import type { TranscriptState } from '@/lib/runs/transcript-reducer';
import { plain, statusColor, type Colors } from './colors';
import { terminalSafe } from './terminal-safe';
import { formatTranscript, indent } from './transcript-text';

/**
 * `npm run runs -- show <id>`: the run's summary, its transcript with per-turn strips, its error
 * artifacts. The entry points (`formatRunShow`, `formatRunHeader`) make the run terminal-safe first.
 */

export function formatRunHeader(detail: RunDetail, colors: Colors = plain, now: Date = new Date()): string[] {
  return headerLines(terminalSafe(detail.run), colors, now);
}

function headerLines(run: RunDetail['run'], colors: Colors, now: Date): string[] {
  const row = (label: string, value: string) => `  ${colors.dim(label.padEnd(9))} ${value}`;
  const end = run.finishedAt ?? (isTerminalStatus(run.status) ? null : now.toISOString());
  const duration = run.startedAt && end ? Date.parse(end) - Date.parse(run.startedAt) : null;
  const lines = [
    `${colors.bold(`Run ${run.id}`)} · ${statusColor(colors, run.status)(run.status)}`,
    row('profile', `${run.profileName} (${run.provider} · ${run.runtime}) · model ${run.model}`),
    row('task', truncate(run.task.replace(/\s+/g, ' '), 200)),
    row(
      'times',
      `created ${formatTimestamp(run.createdAt)} · started ${formatTimestamp(run.startedAt)} · finished ${formatTimestamp(run.finishedAt)} · ${formatDuration(duration)}`,
    ),
    row(
      'totals',
      `${formatCount(run.turnCount)} turn${run.turnCount === 1 ? '' : 's'} · tokens in ${formatCount(run.inputTokens)} / out ${formatCount(run.outputTokens)} · cost ${formatCostReport(run)} · errors ${formatCount(run.errorCount)}${run.resumeCount ? ` · resumed ${run.resumeCount}×` : ''}`,
    ),
  ];
  if (run.importedFromId)
    lines.push(row('imported', `${formatTimestamp(run.importedAt)} from run ${run.importedFromId} (a read-only archive)`));
  if (run.errorKind || run.errorMessage)
    lines.push(row('error', colors.red(`${run.errorKind ?? 'error'}${run.errorMessage ? `: ${truncate(run.errorMessage, 300)}` : ''}`)));
  return lines;
}

/** An artifact's facts, its attempts and its body snippet (redacted, at most 400 characters, as stored). */
export function formatErrorArtifact(artifact: ErrorArtifactView, colors: Colors = plain): string[] {
  const facts = artifactFacts(artifact.payload);
  const lines = [
    `  ${colors.bold(`errors/${artifact.file}`)}  ${colors.red([facts.kind ?? artifact.kind, (facts.status ?? artifact.httpStatus) ? `HTTP ${facts.status ?? artifact.httpStatus}` : null].filter(Boolean).join(' · '))}${facts.profile ? `  ${colors.dim(`${facts.profile} · ${facts.model ?? ''}`)}` : ''}`,
  ];
  if (facts.hint) lines.push(`    hint     ${facts.hint}`);
  if (facts.message) lines.push(`    message  ${truncate(facts.message.replace(/\s+/g, ' '), 300)}`);
  if (facts.requestId) lines.push(`    request  ${facts.requestId}`);
  for (const attempt of facts.attempts) {
    lines.push(
      colors.dim(
        `    attempt ${attempt.attempt ?? '?'} · ${attempt.streamed ? 'streamed' : 'not streamed'} · ${attempt.status ?? '?'}${attempt.errorKind ? ` ${attempt.errorKind}` : ''}${attempt.httpStatus ? ` HTTP ${attempt.httpStatus}` : ''} · waited ${formatDuration(attempt.waitBeforeMs)} · took ${formatDuration(attempt.durationMs)}${attempt.requestId ? ` · ${attempt.requestId}` : ''}`,
      ),
    );
  }
  if (facts.bodySnippet) lines.push('    body (first 400 characters, redacted):', ...indent(facts.bodySnippet, '      '));
  return lines;
}

export function formatRunShow(
  unsafeDetail: RunDetail,
  transcript: TranscriptState,
  colors: Colors = plain,
  now: Date = new Date(),
): string[] {
  const detail = terminalSafe(unsafeDetail);
  const active = !isTerminalStatus(detail.run.status);
  const lines = [
    ...headerLines(detail.run, colors, now),
    '',
    ...formatTranscript(terminalSafe(transcript.blocks), detail.turns, colors, active),
  ];
  if (detail.errorArtifacts.length) {
    lines.push('', colors.bold(`Error artifacts (${detail.errorArtifacts.length})`));
    for (const artifact of detail.errorArtifacts) lines.push(...formatErrorArtifact(artifact, colors));
  }
  return lines;
}
