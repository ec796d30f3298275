/**
 * Test support: a local OTLP/HTTP receiver (node:http) that decodes the protobuf
 * ExportTraceServiceRequest it is sent. The decoder reads just the fields the tests look at
 * (opentelemetry-proto: collector/trace/v1, trace/v1, common/v1, resource/v1).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type AnyValue = string | boolean | number | bigint | Uint8Array | AnyValue[] | { [key: string]: AnyValue } | null;

export type DecodedSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AnyValue>;
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
};

export type DecodedResourceSpans = { resource: Record<string, AnyValue>; scopes: { name: string; spans: DecodedSpan[] }[] };

type Field = { number: number; wireType: number; value: bigint | Uint8Array };

function readVarint(bytes: Uint8Array, offset: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (offset >= bytes.length) throw new Error('truncated varint');
    const byte = bytes[offset++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [result, offset];
    shift += 7n;
  }
}

function fields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, offset);
    offset = afterTag;
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const [value, next] = readVarint(bytes, offset);
      out.push({ number, wireType, value });
      offset = next;
    } else if (wireType === 1) {
      out.push({ number, wireType, value: bytes.subarray(offset, offset + 8) });
      offset += 8;
    } else if (wireType === 2) {
      const [length, next] = readVarint(bytes, offset);
      const end = next + Number(length);
      if (end > bytes.length) throw new Error('truncated field');
      out.push({ number, wireType, value: bytes.subarray(next, end) });
      offset = end;
    } else if (wireType === 5) {
      out.push({ number, wireType, value: bytes.subarray(offset, offset + 4) });
      offset += 4;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return out;
}

const text = (value: Field['value']) => new TextDecoder().decode(value as Uint8Array);
const hex = (value: Field['value']) => Buffer.from(value as Uint8Array).toString('hex');
const fixed64 = (value: Field['value']) => Buffer.from(value as Uint8Array).readBigUInt64LE(0);

function anyValue(bytes: Uint8Array): AnyValue {
  for (const field of fields(bytes)) {
    switch (field.number) {
      case 1:
        return text(field.value);
      case 2:
        return field.value === 1n;
      case 3: {
        const int = BigInt.asIntN(64, field.value as bigint);
        return int >= BigInt(Number.MIN_SAFE_INTEGER) && int <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(int) : int;
      }
      case 4:
        return Buffer.from(field.value as Uint8Array).readDoubleLE(0);
      case 5:
        return fields(field.value as Uint8Array)
          .filter((inner) => inner.number === 1)
          .map((inner) => anyValue(inner.value as Uint8Array));
      case 6:
        return keyValues(fields(field.value as Uint8Array).filter((inner) => inner.number === 1));
      case 7:
        return field.value as Uint8Array;
    }
  }
  return null;
}

function keyValues(list: Field[]): Record<string, AnyValue> {
  const out: Record<string, AnyValue> = {};
  for (const entry of list) {
    let key = '';
    let value: AnyValue = null;
    for (const field of fields(entry.value as Uint8Array)) {
      if (field.number === 1) key = text(field.value);
      if (field.number === 2) value = anyValue(field.value as Uint8Array);
    }
    out[key] = value;
  }
  return out;
}

function span(bytes: Uint8Array): DecodedSpan {
  const decoded: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    status: { code: 0, message: '' },
  };
  const attributes: Field[] = [];
  for (const field of fields(bytes)) {
    if (field.number === 1) decoded.traceId = hex(field.value);
    else if (field.number === 2) decoded.spanId = hex(field.value);
    else if (field.number === 4) decoded.parentSpanId = hex(field.value);
    else if (field.number === 5) decoded.name = text(field.value);
    else if (field.number === 6) decoded.kind = Number(field.value);
    else if (field.number === 7) decoded.startTimeUnixNano = fixed64(field.value);
    else if (field.number === 8) decoded.endTimeUnixNano = fixed64(field.value);
    else if (field.number === 9) attributes.push(field);
    else if (field.number === 15) {
      for (const inner of fields(field.value as Uint8Array)) {
        if (inner.number === 2) decoded.status.message = text(inner.value);
        if (inner.number === 3) decoded.status.code = Number(inner.value);
      }
    }
  }
  decoded.attributes = keyValues(attributes);
  return decoded;
}

/** Decodes an ExportTraceServiceRequest. */
export function decodeTraceRequest(bytes: Uint8Array): DecodedResourceSpans[] {
  return fields(bytes)
    .filter((field) => field.number === 1)
    .map((resourceSpans) => {
      const result: DecodedResourceSpans = { resource: {}, scopes: [] };
      for (const field of fields(resourceSpans.value as Uint8Array)) {
        if (field.number === 1) result.resource = keyValues(fields(field.value as Uint8Array).filter((inner) => inner.number === 1));
        if (field.number === 2) {
          let name = '';
          const spans: DecodedSpan[] = [];
          for (const inner of fields(field.value as Uint8Array)) {
            if (inner.number === 1)
              name = text(fields(inner.value as Uint8Array).find((scope) => scope.number === 1)?.value ?? new Uint8Array());
            if (inner.number === 2) spans.push(span(inner.value as Uint8Array));
          }
          result.scopes.push({ name, spans });
        }
      }
      return result;
    });
}

export type ReceivedRequest = {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  resourceSpans: DecodedResourceSpans[];
};

export type OtlpReceiver = {
  url: string;
  requests: ReceivedRequest[];
  /** Every span received so far. */
  spans(): DecodedSpan[];
  /** Resolves when spans of this trace have arrived (or rejects after `timeoutMs`). */
  waitForTrace(traceId: string, timeoutMs?: number): Promise<DecodedSpan[]>;
  close(): Promise<void>;
};

/** Answers every POST /v1/traces with 200 and an empty ExportTraceServiceResponse. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      try {
        requests.push({ path: request.url ?? '', headers: request.headers, body, resourceSpans: decodeTraceRequest(body) });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const spans = () =>
    requests.flatMap((request) => request.resourceSpans.flatMap((resource) => resource.scopes.flatMap((scope) => scope.spans)));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans,
    async waitForTrace(traceId, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = spans().filter((candidate) => candidate.traceId === traceId);
        if (found.length) return found;
        if (Date.now() > deadline) throw new Error(`no spans of trace ${traceId} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
