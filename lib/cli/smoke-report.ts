import { noticeText } from '@/lib/run-events/event-text';
import type { RunDetail } from '@/lib/runs/run-detail';
import { formatCount, formatDuration, formatReportedCount, truncate } from '@/lib/runs/format';
import { artifactFacts } from '@/lib/runs/error-artifact-facts';
import { transcriptText, type TranscriptState } from '@/lib/runs/transcript-reducer';
import { turnNumber } from '@/lib/run-events/turn-number';
import { sumOfReported, turnStrip, type TurnStripEntry } from '@/lib/runs/turn-strip';
import { plain, statusColor, type Colors } from './colors';
import type { SmokePlan } from './smoke-plan';
import { terminalSafe } from './terminal-safe';

/** What one profile's smoke call came to, as plain data (`--json`) and as one screen of text. */
export type SmokeSummary = {
  profile: string;
  label: string;
  provider: string;
  runtime: string;
  /** Run status, or `skipped` (no key) / `refused` (the run's validation refused the settings). */
  status: 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'running' | 'queued' | 'skipped' | 'refused';
  ok: boolean;
  runId: string | null;
  /** Why it was skipped or refused. */
  reason: string | null;
  durationMs: number | null;
  settings: {
    stream: boolean;
    temperature: number | null;
    temperatureNote: string | null;
    maxOutputTokens: number | null;
    tools: string[];
  } | null;
  modelRequested: string;
  modelsServed: string[];
  streaming: { requested: boolean; path: string } | null;
  /** Reasoning and cache counts are null when the provider reported none. */
  tokens: { input: number; output: number; reasoning: number | null; cacheRead: number | null; cacheWrite: number | null } | null;
  turns: {
    index: number;
    delivery: string;
    latencyMs: number | null;
    ttftMs: number | null;
    retries: number;
    waitedMs: number;
    requestId: string | null;
    status: string;
  }[];
  toolCalls: { name: string; arguments: unknown; ok: boolean | null }[];
  /** The assistant text of the last turn. */
  answer: string;
  reasoning: { summaryChars: number; encryptedBytes: number; signatureBytes: number; redacted: boolean } | null;
  notices: string[];
  error: { kind: string; status: number | null; hint: string | null; requestId: string | null; message: string | null } | null;
};

export function skippedSummary(plan: SmokePlan, reason: string): SmokeSummary {
  return { ...emptySummary(plan), status: 'skipped', ok: true, reason };
}

export function refusedSummary(plan: SmokePlan, message: string, fieldErrors: Record<string, string[]>): SmokeSummary {
  const details = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join('; ')}`);
  return { ...emptySummary(plan), status: 'refused', ok: false, reason: [message, ...details].join(' ') };
}

function emptySummary(plan: SmokePlan): SmokeSummary {
  return {
    profile: plan.profile.name,
    label: plan.profile.label,
    provider: plan.profile.provider,
    runtime: plan.profile.runtime,
    status: 'skipped',
    ok: false,
    runId: null,
    reason: null,
    durationMs: null,
    settings: null,
    modelRequested: plan.effective.model,
    modelsServed: [],
    streaming: null,
    tokens: null,
    turns: [],
    toolCalls: [],
    answer: '',
    reasoning: null,
    notices: [],
    error: null,
  };
}

function streamingPath(strips: TurnStripEntry[], requested: boolean, transcript: TranscriptState): string {
  if (!strips.length) return requested ? 'no call completed' : 'not requested';
  const deliveries = [...new Set(strips.map((strip) => strip.delivery))];
  if (deliveries.length === 1 && deliveries[0] === 'streamed') return 'streamed';
  if (deliveries.length === 1 && deliveries[0] === 'not streamed') return 'not requested (non-streaming call)';
  const fallback = strips.find((strip) => strip.delivery === 'fallback');
  if (fallback) {
    const notice = transcript.blocks.find((block) => block.kind === 'notice' && block.payload.notice === 'streaming-disabled');
    const why =
      fallback.fallbackReason ?? (notice?.kind === 'notice' ? noticeText(notice.payload).replace(/^\[streaming-disabled\]\s*/, '') : null);
    const turns = strips.filter((strip) => strip.delivery === 'fallback').map((strip) => turnNumber(strip.turnIndex));
    return `fell back to non-streaming (turn ${turns.join(', ')})${why ? `: ${why}` : ''}`;
  }
  return strips.map((strip) => `turn ${turnNumber(strip.turnIndex)} ${strip.delivery}`).join(' · ');
}

/** The summary of a recorded smoke run (its detail and replayed transcript). */
export function runSummary(plan: SmokePlan, detail: RunDetail, transcript: TranscriptState): SmokeSummary {
  const strips = detail.turns.flatMap((turn) => turnStrip(turn.calls));
  const sum = (pick: (strip: TurnStripEntry) => number) => strips.reduce((total, strip) => total + pick(strip), 0);
  const artifact = detail.errorArtifacts.at(-1);
  const facts = artifact ? artifactFacts(artifact.payload) : null;
  const status = detail.run.status;
  const toolCalls = transcript.blocks.flatMap((block) =>
    block.kind === 'tool'
      ? [{ name: block.name, arguments: block.invalid ? block.rawArguments : block.arguments, ok: block.outcome ? block.outcome.ok : null }]
      : [],
  );
  const served = [
    ...new Set(strips.flatMap((strip) => strip.calls.map((call) => call.modelServed).filter((model): model is string => !!model))),
  ];
  const error =
    facts || detail.run.errorKind
      ? {
          kind: facts?.kind ?? detail.run.errorKind ?? 'unknown',
          status: facts?.status ?? null,
          hint: facts?.hint ?? null,
          requestId: facts?.requestId ?? null,
          // A provider error is told by kind, status and hint (its message may quote the response
          // body); a config or internal failure has only its message (redacted when stored).
          message: facts ? null : detail.run.errorMessage,
        }
      : null;
  return {
    ...emptySummary(plan),
    status,
    ok: status === 'succeeded',
    runId: detail.run.id,
    durationMs: detail.run.startedAt && detail.run.finishedAt ? Date.parse(detail.run.finishedAt) - Date.parse(detail.run.startedAt) : null,
    settings: {
      stream: plan.effective.stream,
      temperature: plan.effective.temperature ?? null,
      temperatureNote: plan.temperatureNote,
      maxOutputTokens: plan.effective.maxOutputTokens ?? null,
      tools: [...(plan.input.options?.tools ?? [])],
    },
    modelsServed: served,
    streaming: { requested: plan.effective.stream, path: streamingPath(strips, plan.effective.stream, transcript) },
    tokens: {
      input: sum((strip) => strip.inputTokens),
      output: sum((strip) => strip.outputTokens),
      reasoning: sumOfReported(strips.map((strip) => strip.reasoningTokens)),
      cacheRead: sumOfReported(strips.map((strip) => strip.cacheReadTokens)),
      cacheWrite: sumOfReported(strips.map((strip) => strip.cacheWriteTokens)),
    },
    turns: strips.map((strip) => ({
      index: strip.turnIndex,
      delivery: strip.delivery,
      latencyMs: strip.latencyMs,
      ttftMs: strip.ttftMs,
      retries: strip.retries,
      waitedMs: strip.waitedMs,
      requestId: strip.requestId,
      status: strip.status,
    })),
    toolCalls,
    answer: finalText(transcript),
    reasoning: reasoningOf(transcript),
    // The streaming row tells a fallback and the error row a provider error: the other notices (retries, settings not sent, …).
    notices: transcript.blocks.flatMap((block) =>
      block.kind === 'notice' && block.payload.notice !== 'streaming-disabled' ? [noticeText(block.payload)] : [],
    ),
    error,
  };
}

function finalText(transcript: TranscriptState): string {
  const lastTurn = transcript.blocks.findLastIndex((block) => block.kind === 'turn');
  return transcriptText({ ...transcript, blocks: transcript.blocks.slice(lastTurn + 1) }).trim();
}

function reasoningOf(transcript: TranscriptState): SmokeSummary['reasoning'] {
  const parts = transcript.blocks.flatMap((block) => (block.kind === 'reasoning' ? [block] : []));
  if (!parts.length) return null;
  return {
    summaryChars: parts.reduce((total, part) => total + part.text.length, 0),
    encryptedBytes: parts.reduce((total, part) => total + part.encryptedBytes, 0),
    signatureBytes: parts.reduce((total, part) => total + part.signatureBytes, 0),
    redacted: parts.some((part) => part.redacted),
  };
}

const perTurn = (summary: SmokeSummary, value: (turn: SmokeSummary['turns'][number]) => string) =>
  summary.turns.length === 0
    ? '—'
    : summary.turns.length === 1
      ? value(summary.turns[0]!)
      : summary.turns.map((turn) => `turn ${turnNumber(turn.index)}: ${value(turn)}`).join(' · ');

/** One screen per profile: a title line, then `label  value` lines (the summary made terminal-safe first). */
export function formatSmokeSummary(unsafeSummary: SmokeSummary, colors: Colors = plain): string[] {
  const summary = terminalSafe(unsafeSummary);
  const title = `── ${summary.profile} · ${summary.label} `;
  const lines = [colors.bold(title + '─'.repeat(Math.max(3, 78 - [...title].length)))];
  const row = (label: string, value: string) => lines.push(`  ${colors.dim(label.padEnd(11))} ${value}`);
  const shownStatus =
    summary.status === 'skipped' ? colors.yellow(summary.reason ?? 'skipped') : statusColor(colors, summary.status)(summary.status);
  row(
    'result',
    summary.status === 'skipped'
      ? shownStatus
      : `${shownStatus}${summary.durationMs !== null ? ` in ${formatDuration(summary.durationMs)}` : ''}${summary.turns.length ? ` · ${summary.turns.length} turn${summary.turns.length > 1 ? 's' : ''}` : ''}`,
  );
  row('runtime', `${summary.runtime} (${summary.provider})`);
  if (summary.status === 'skipped') return lines;
  if (summary.status === 'refused') {
    row('refused', colors.red(summary.reason ?? ''));
    return lines;
  }
  row('model', `requested ${summary.modelRequested} · served ${summary.modelsServed.length ? summary.modelsServed.join(', ') : '—'}`);
  const settings = summary.settings!;
  row(
    'settings',
    [
      settings.stream ? 'streaming requested' : 'non-streaming',
      settings.temperature !== null ? `temperature ${settings.temperature}` : 'temperature not sent',
      `max output ${formatCount(settings.maxOutputTokens)} tokens`,
      settings.tools.length ? `tools ${settings.tools.join(', ')}` : 'no tools',
    ].join(' · '),
  );
  if (settings.temperatureNote) row('', colors.dim(settings.temperatureNote));
  const streaming = summary.streaming!;
  row('streaming', streaming.path.startsWith('fell back') ? colors.yellow(truncate(streaming.path, 200)) : streaming.path);
  const tokens = summary.tokens!;
  row(
    'tokens',
    `input ${formatCount(tokens.input)} · output ${formatCount(tokens.output)} · reasoning ${formatReportedCount(tokens.reasoning)}`,
  );
  row('cache', `read ${formatReportedCount(tokens.cacheRead)} · write ${formatReportedCount(tokens.cacheWrite)}`);
  row(
    'latency',
    perTurn(summary, (turn) => formatDuration(turn.latencyMs)),
  );
  row(
    'TTFT',
    perTurn(summary, (turn) => (turn.delivery === 'streamed' ? formatDuration(turn.ttftMs) : '— (not streamed)')),
  );
  row(
    'retries',
    perTurn(summary, (turn) => `${turn.retries}${turn.waitedMs ? ` (waited ${formatDuration(turn.waitedMs)})` : ''}`),
  );
  row(
    'request id',
    perTurn(summary, (turn) => turn.requestId ?? '—'),
  );
  if (summary.reasoning) {
    const reasoning = summary.reasoning;
    row(
      'reasoning',
      [
        reasoning.summaryChars ? `summary ${formatCount(reasoning.summaryChars)} characters` : 'no summary text',
        reasoning.encryptedBytes ? `encrypted, ${formatCount(reasoning.encryptedBytes)} bytes` : null,
        reasoning.signatureBytes ? `signature: encrypted, ${formatCount(reasoning.signatureBytes)} bytes` : null,
        reasoning.redacted ? 'redacted thinking' : null,
      ]
        .filter(Boolean)
        .join(' · '),
    );
  }
  if (summary.toolCalls.length) {
    row(
      'tool calls',
      summary.toolCalls
        .map(
          (call) =>
            `${call.name} ${truncate(JSON.stringify(call.arguments ?? null), 60)} → ${call.ok === null ? 'no result' : call.ok ? 'ok' : 'error'}`,
        )
        .join(' · '),
    );
  }
  row('answer', summary.answer ? truncate(summary.answer.replace(/\s+/g, ' '), 160) : colors.dim('(no text)'));
  for (const notice of summary.notices) row('notice', colors.yellow(truncate(notice, 200)));
  if (summary.error) {
    const error = summary.error;
    row(
      'error',
      colors.red(
        [
          error.kind,
          error.status !== null ? `HTTP ${error.status}` : null,
          error.hint,
          error.requestId ? `request ${error.requestId}` : null,
          error.message ? truncate(error.message, 200) : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    );
  }
  if (summary.runId) row('run', `${summary.runId}  ${colors.dim(`(npm run runs -- show ${summary.runId})`)}`);
  return lines;
}
