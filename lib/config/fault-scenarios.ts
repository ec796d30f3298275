/** Fault scenario presets the New run page offers for Simulator profiles (see lib/simulator/README.md). */
export const FAULT_SCENARIO_PRESETS = [
  { value: '', label: 'None — a healthy provider' },
  { value: 'rate_limit_html; times=1; retry_after=1', label: '429 HTML "slow down" page once (retry-after 1 s), then recovers' },
  { value: 'rate_limit_json; times=2; retry_after=1', label: '429 JSON twice (retry-after 1 s), then recovers' },
  { value: 'rate_limit_html; retry_after=none', label: '429 HTML page every time, no retry-after' },
  { value: 'quota_exhausted', label: 'Quota / credit exhausted (not retryable)' },
  { value: 'overloaded; times=1', label: 'Overloaded (529 / 503) once, then recovers' },
  { value: 'stream_unsupported', label: 'Streaming rejected ("organization must be verified")' },
  { value: 'auth', label: '401 invalid API key' },
  { value: 'server_html', label: '502 nginx HTML page every time' },
  { value: 'empty_body; times=1', label: '503 with an empty body once' },
  { value: 'truncated_json', label: '200 with truncated JSON (non-streaming calls)' },
  { value: 'error_midstream', label: 'Error event in the middle of the stream' },
  { value: 'cut_midstream', label: 'Connection cut in the middle of the stream' },
  { value: 'slow_first_byte; ms=3000', label: 'Slow first byte (3 s)' },
  { value: 'slow_stream; ms=120', label: 'Slow stream (120 ms between chunks)' },
  { value: 'drain_quota; rpm=60; tpm=3000', label: 'Small rate limits (60 requests, 3,000 tokens a minute): headroom falls, then 429s' },
] as const;
