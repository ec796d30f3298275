import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConformanceCases } from './find-cases';

const root = mkdtempSync(join(tmpdir(), 'find-cases-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(path: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '{}');
}

describe('findConformanceCases', () => {
  touch('shared/b-case.json');
  touch('shared/by-provider/a-case.json');
  touch('shared/notes.txt');
  touch('providers/anthropic-messages/__fixtures__/anthropic-text.json');
  touch('providers/anthropic-messages/__fixtures__/anthropic-text.chunks.txt');
  touch('providers/anthropic-messages/__fixtures__/conformance/sb-anthropic-529.json');
  touch('providers/openrouter/__fixtures__/conformance/sb-openrouter-relay.json');

  it('takes every .json file of a plain folder, sub-folders included, sorted', () => {
    expect(findConformanceCases(join(root, 'shared'))).toEqual([
      join(root, 'shared/b-case.json'),
      join(root, 'shared/by-provider/a-case.json'),
    ]);
  });

  it("inside __fixtures__ takes only the conformance/ folder's cases, not the raw recordings", () => {
    expect(findConformanceCases(join(root, 'providers'))).toEqual([
      join(root, 'providers/anthropic-messages/__fixtures__/conformance/sb-anthropic-529.json'),
      join(root, 'providers/openrouter/__fixtures__/conformance/sb-openrouter-relay.json'),
    ]);
    expect(findConformanceCases(join(root, 'providers/anthropic-messages/__fixtures__'))).toEqual([
      join(root, 'providers/anthropic-messages/__fixtures__/conformance/sb-anthropic-529.json'),
    ]);
  });

  it('refuses what is not a folder', () => {
    expect(() => findConformanceCases(join(root, 'missing'))).toThrow(/^Not a folder: /);
    expect(() => findConformanceCases(join(root, 'shared/notes.txt'))).toThrow(/^Not a folder: /);
  });
});
