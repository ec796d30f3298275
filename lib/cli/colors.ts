/** ANSI styling for the CLIs: on only when stdout is a terminal and NO_COLOR is not set (https://no-color.org). */

export type Colors = {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
};

const wrap = (enabled: boolean, open: number, close: number) => (text: string) =>
  enabled && text ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
    magenta: wrap(enabled, 35, 39),
  };
}

export function colorsEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export const plain: Colors = createColors(false);

/** The text without ANSI escapes (widths, tests). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** Colour for a run status. */
export function statusColor(colors: Colors, status: string): (text: string) => string {
  if (status === 'succeeded') return colors.green;
  if (status === 'failed' || status === 'interrupted') return colors.red;
  if (status === 'cancelled') return colors.yellow;
  return colors.cyan;
}
