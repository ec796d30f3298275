import { describe, expect, it } from 'vitest';
import { redactConsole } from './redacted-console';

describe('redactConsole', () => {
  it('prints strings, errors and objects with their secrets masked', () => {
    const lines: string[] = [];
    const fake = {
      log: (line: string) => lines.push(line),
      info: () => undefined,
      warn: () => undefined,
      error: (line: string) => lines.push(line),
      debug: () => undefined,
      trace: () => undefined,
    } as unknown as Console;
    redactConsole(fake);
    const key = 'sk-proj-PLANTEDconsoleKEY0123456789abcdef';
    fake.log('key %s here', key);
    fake.error(new Error(`refused ${key}`));
    fake.log({ nested: { value: key } });
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain('PLANTED');
      expect(line).toContain('[REDACTED]');
    }
  });
});
