// Where sign-in sends the browser afterwards (`next`): only ever a path of this console.

// Any origin of the console's own would do: a value is accepted only when it resolves to the same
// one, i.e. when it is a reference within the console, whatever the console's real host is. (The
// request's Host header is the client's to choose, so it is not used.)
const CONSOLE_ORIGIN = 'http://switchboard.invalid';

// Browsers read `\` as `/` and drop tabs and line breaks: `/\evil.com` and `/<tab>/evil.com` are
// `//evil.com` to them. Such values are refused outright rather than repaired.
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

/** `next` as a path of this console (pathname, query and fragment), or `fallback` when it would lead elsewhere. */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || UNSAFE_CHARACTERS.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, CONSOLE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== CONSOLE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.com` resolves to the path `//evil.com`, which a browser reads as another host.
  return path.startsWith('//') ? fallback : path;
}
