import { describe, expect, it } from 'vitest';
import { readSse, SseParser, type SseItem } from './sse';

function parseAll(chunks: string[]): SseItem[] {
  const parser = new SseParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

const events = (items: SseItem[]) => items.filter((item) => item.type === 'event');

describe('SseParser', () => {
  it('parses events and names; the last event id carries over, as the standard says', () => {
    const items = parseAll(['event: message_start\ndata: {"a":1}\nid: 7\n\ndata: [DONE]\n\n']);
    expect(items).toEqual([
      { type: 'event', event: 'message_start', data: '{"a":1}', id: '7', unterminated: false },
      { type: 'event', event: null, data: '[DONE]', id: '7', unterminated: false },
    ]);
  });

  it('gives the same events however the text is split, CRLF and CR included', () => {
    const text = 'event: a\r\ndata: one\r\n\r\n: keep-alive\rdata: two\rdata: three\r\r\ndata:four\n\n';
    const whole = parseAll([text]);
    expect(events(whole).map((event) => event.data)).toEqual(['one', 'two\nthree', 'four']);
    for (let i = 0; i <= text.length; i++) {
      expect(parseAll([text.slice(0, i), text.slice(i)])).toEqual(whole);
    }
    expect(parseAll(text.split(''))).toEqual(whole);
  });

  it('reports comments (OpenRouter keep-alives) separately from events', () => {
    const items = parseAll([': OPENROUTER PROCESSING\n\ndata: {"x":1}\n\n']);
    expect(items[0]).toEqual({ type: 'comment', text: 'OPENROUTER PROCESSING' });
    expect(events(items)).toHaveLength(1);
  });

  it('joins multi-line data with newlines and keeps a value without the optional space', () => {
    expect(events(parseAll(['data: a\ndata:b\ndata:  c\n\n']))[0]!.data).toBe('a\nb\n c');
  });

  it('dispatches a last event without a final blank line, marked unterminated', () => {
    expect(events(parseAll(['data: [DONE]']))).toEqual([{ type: 'event', event: null, data: '[DONE]', id: null, unterminated: true }]);
    expect(events(parseAll(['data: {"cut": "mid\n']))[0]).toMatchObject({ data: '{"cut": "mid', unterminated: true });
  });

  it('ignores retry and unknown fields, and lines without a colon are field names', () => {
    expect(events(parseAll(['retry: 1000\nfoo: bar\ndata\n\n']))).toEqual([
      { type: 'event', event: null, data: '', id: null, unterminated: false },
    ]);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split across chunks and replaces invalid bytes instead of throwing', async () => {
    const bytes = new TextEncoder().encode('data: héllo ✓\n\n');
    const invalid = new Uint8Array([...new TextEncoder().encode('data: bad '), 0xff, 0xfe, 10, 10]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.enqueue(invalid);
        controller.close();
      },
    });
    const items: SseItem[] = [];
    for await (const batch of readSse(stream)) items.push(...batch);
    expect(events(items).map((event) => event.data)).toEqual(['héllo ✓', 'bad \uFFFD\uFFFD']);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const batch of readSse(stream)) {
      expect(batch[0]!.type).toBe('event');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('isBlankData', () => {
  it('is true only for empty or whitespace-only data', async () => {
    const { isBlankData } = await import('./sse');
    expect(isBlankData('')).toBe(true);
    expect(isBlankData(' \t\r\n ')).toBe(true);
    expect(isBlankData('\u00a0')).toBe(true);
    expect(isBlankData('{}')).toBe(false);
    expect(isBlankData(' {} ')).toBe(false);
    expect(isBlankData(' x')).toBe(false);
  });
});

describe('eventsPerBatch', () => {
  async function* batches(...lists: string[][]): AsyncGenerator<SseItem[]> {
    for (const list of lists) yield list.map((data) => ({ type: 'event' as const, event: null, data, id: null, unterminated: false }));
  }
  const collect = async (source: AsyncGenerator<string[], boolean>) => {
    const seen: string[][] = [];
    for (let next = await source.next(); ; next = await source.next()) {
      if (next.done) return { seen, complete: next.value };
      seen.push(next.value);
    }
  };

  it('yields the events of each batch together and stops at the terminator', async () => {
    const { eventsPerBatch } = await import('./sse');
    const result = await collect(
      eventsPerBatch(batches(['a', 'b'], ['c', 'END', 'never']), (item, out: string[]) => {
        if (item.type === 'event' && item.data === 'END') return true;
        if (item.type === 'event') out.push(item.data);
        return false;
      }),
    );
    expect(result).toEqual({ seen: [['a', 'b'], ['c']], complete: true });
  });

  it('reports a stream that ended without its terminator', async () => {
    const { eventsPerBatch } = await import('./sse');
    const result = await collect(
      eventsPerBatch(batches(['a'], []), (item, out: string[]) => (item.type === 'event' && out.push(item.data), false)),
    );
    expect(result).toEqual({ seen: [['a']], complete: false });
  });

  it('hands over the events before a failure, then the failure', async () => {
    const { eventsPerBatch } = await import('./sse');
    const source = eventsPerBatch(batches(['a', 'bad', 'c']), (item, out: string[]) => {
      if (item.type === 'event' && item.data === 'bad') throw new Error('malformed');
      if (item.type === 'event') out.push(item.data);
      return false;
    });
    expect((await source.next()).value).toEqual(['a']);
    await expect(source.next()).rejects.toThrow('malformed');
  });
});
