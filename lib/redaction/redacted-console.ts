import { format } from 'node:util';
import { redactText } from './redact';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
let installed = false;

/**
 * The server's console (Next's own error reports included: a failed query's message may quote
 * what it tried to write) prints through the redaction module. Installed once per process.
 */
export function redactConsole(target: Console = console): void {
  if (installed && target === console) return;
  if (target === console) installed = true;
  for (const method of METHODS) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => original(redactText(format(...args)));
  }
}
