// The output of the console and the worker processes, kept apart from `npm start`'s own lines:
// every line goes to a log file of the day (.data/logs/switchboard-YYYY-MM-DD.log, JSON lines,
// appended); the terminal shows the JSON log records at or above a level (warnings and errors by
// default) as one readable line each, and whatever else the console prints (Next's own messages)
// as it is.
import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVELS).map(([name, value]) => [value, name.toUpperCase()]));
const KEPT_DAYS = 14;
const FILE_NAME = /^switchboard-(\d{4}-\d{2}-\d{2})\.log$/;
// Fields every record has (or that only identify the process): not repeated on the terminal.
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'workerId', 'v']);
const MAX_FIELD_LENGTH = 200;

/** The terminal's threshold from SWITCHBOARD_TERMINAL_LOG_LEVEL (a pino level name), `warn` by default. */
export function terminalLevel(name) {
  return LEVELS[String(name ?? '').toLowerCase()] ?? LEVELS.warn;
}

export function logFileName(date) {
  return `switchboard-${date.toISOString().slice(0, 10)}.log`;
}

/** A pino record (JSON object with a numeric level) or null for any other line. */
export function parseRecord(line) {
  if (!line.startsWith('{')) return null;
  try {
    const record = JSON.parse(line);
    return record && typeof record === 'object' && typeof record.level === 'number' ? record : null;
  } catch {
    return null;
  }
}

function fieldText(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_FIELD_LENGTH ? `${text.slice(0, MAX_FIELD_LENGTH)}…` : text;
}

/** `12:04:31 WARN  queue error (err: connection refused)`: one line, the time in UTC; `source` (`worker 2`) before the message. */
export function formatRecord(record, source) {
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVEL_NAMES[record.level] ?? `L${record.level}`).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key, value]) => !QUIET_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}: ${fieldText(value)}`);
  const message = fieldText(record.msg ?? '').replace(/\s+/g, ' ');
  return `${time} ${level} ${source ? `${source}: ` : ''}${message}${fields.length ? ` (${fields.join('; ')})` : ''}`;
}

/** Removes the day files older than `keptDays`. */
export function pruneLogFiles(dir, today, keptDays = KEPT_DAYS) {
  const oldest = new Date(today.getTime() - keptDays * 86_400_000).toISOString().slice(0, 10);
  for (const name of readdirSync(dir)) {
    const day = FILE_NAME.exec(name)?.[1];
    if (day && day < oldest) rmSync(join(dir, name), { force: true });
  }
}

/**
 * @param {{ dir: string, terminal: { write(text: string): unknown }, level?: number, now?: () => Date }} options
 * @returns {{ write(line: string, stream: 'stdout' | 'stderr', options?: { terminal?: boolean, source?: string }): void, fileFor(date: Date): string }}
 */
export function createConsoleLog({ dir, terminal, level = LEVELS.warn, now = () => new Date() }) {
  mkdirSync(dir, { recursive: true });
  pruneLogFiles(dir, now());
  const fileFor = (date) => join(dir, logFileName(date));
  return {
    fileFor,
    /**
     * `terminal: false`: the file only (Next's banner, which `npm start` replaces with its own lines).
     * `source`: the process that wrote the line (`worker 2`), recorded with it.
     */
    write(line, stream, { terminal: toTerminal = true, source } = {}) {
      if (!line.trim()) return;
      const record = parseRecord(line);
      const date = now();
      const stored = record
        ? line
        : JSON.stringify({
            level: stream === 'stderr' ? LEVELS.warn : LEVELS.info,
            time: date.getTime(),
            app: 'switchboard',
            stream,
            ...(source ? { source } : {}),
            msg: line,
          });
      appendFileSync(fileFor(date), `${stored}\n`);
      if (!toTerminal) return;
      if (!record) terminal.write(`${line}\n`);
      else if (record.level >= level) terminal.write(`[switchboard] ${formatRecord(record, source)}\n`);
    },
  };
}

/** Splits a stream's chunks into whole lines (the last, unfinished one waits for the next chunk). */
export function onLines(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
    rest = '';
  });
}
