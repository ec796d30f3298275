/** Server-sent events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html). */

export type SseMessage = { id?: number | string; event?: string; data: unknown };

/** `id: <id>\nevent: <name>\ndata: <json>\n\n` — data is JSON, one `data:` line per line of it. */
export function sseMessage({ id, event, data }: SseMessage): string {
  let out = '';
  if (id !== undefined) out += `id: ${String(id).replace(/[\r\n]/g, '')}\n`;
  if (event) out += `event: ${event.replace(/[^A-Za-z0-9_.-]/g, '')}\n`;
  for (const line of JSON.stringify(data ?? null).split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment line: ignored by EventSource, keeps proxies and idle timeouts from closing the stream. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

export type ParsedSseMessage = { id: string | null; event: string; data: string };

/** Parses a complete SSE text (tests, scripts). Comments are dropped; `retry:` lines are ignored. */
export function parseSse(text: string): ParsedSseMessage[] {
  const messages: ParsedSseMessage[] = [];
  for (const block of text.split(/\n\n/)) {
    if (!block.trim()) continue;
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) messages.push({ id, event, data: data.join('\n') });
  }
  return messages;
}
