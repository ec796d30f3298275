/**
 * A fetch for the SDKs that keeps what they would hide: the raw body of an error response
 * (both SDKs fold it into `.message`, and leave `.error` undefined when it is not JSON), the
 * response headers, and when the first byte arrived.
 */
export type CapturedResponse = {
  status: number;
  headers: Headers;
  /** Raw body text, read for error responses only (successful bodies are streamed by the runtime). */
  errorBody: string | null;
  firstByteAt: number;
};

export class FetchCapture {
  last: CapturedResponse | null = null;

  constructor(private readonly clock: () => number = Date.now) {}

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const firstByteAt = this.clock();
    if (response.ok) {
      this.last = { status: response.status, headers: response.headers, errorBody: null, firstByteAt };
      return response;
    }
    let body = '';
    try {
      body = await response.text();
    } catch {
      // The connection broke while reading the error body: keep what the status tells.
    }
    this.last = { status: response.status, headers: response.headers, errorBody: body, firstByteAt };
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
