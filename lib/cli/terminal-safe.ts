// Run content (a task, assistant text, tool names and results, error messages and artifacts — from
// a provider, or from a bundle imported from elsewhere) may hold control sequences that clear the
// screen, set the window title, write the clipboard (OSC 52), forge hyperlinks (OSC 8) or overwrite
// a line. The CLIs print it as visible text: the only escapes they write are their own colours.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of those: DEL, C1 and the bidi controls (it escapes C0 itself). */
const JSON_RAW_CONTROL = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const hex = (char: string) => char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/**
 * C0 controls (but \n and \t) and DEL as their Unicode control pictures (ESC → ␛, BEL → ␇, a lone
 * CR → ␍; CR LF is a line end), C1 controls and bidi overrides / isolates as `<U+009B>`.
 */
export function terminalSafeText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '␡' : `<U+${hex(char)}>`;
  });
}

/** The value with every string in it (object keys too) made terminal-safe; other values as they are. */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalSafeText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => terminalSafe(item)) as T;
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [terminalSafeText(key), terminalSafe(inner)])) as T;
  }
  return value;
}

/** JSON for a terminal: the same value (C1, DEL and bidi controls written as \u escapes), nothing a terminal acts on. */
export function terminalJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(JSON_RAW_CONTROL, (char) => `\\u${hex(char).toLowerCase()}`);
}
