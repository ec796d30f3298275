import { describe, expect, it } from 'vitest';
import { readTaskIntent } from './task-intent';

describe('readTaskIntent', () => {
  it('reads what a natural task asks of the workspace', () => {
    expect(readTaskIntent('List the files in the workspace and summarise the README')).toEqual({
      workspace: true,
      listPath: '.',
      files: [],
      readme: true,
      search: null,
      write: null,
    });
    expect(readTaskIntent('What is in notes.txt?')).toMatchObject({ workspace: true, files: ['notes.txt'], readme: false, write: null });
    expect(readTaskIntent('Create a file todo.md with three items')).toMatchObject({
      files: [],
      write: { path: 'todo.md', content: null, items: 3 },
    });
    expect(readTaskIntent('Read ./notes.txt and save a summary to summary.md')).toMatchObject({
      files: ['notes.txt'],
      write: { path: 'summary.md', content: null, items: null },
    });
    expect(readTaskIntent('Write "buy milk" to list.txt')).toMatchObject({ write: { path: 'list.txt', content: 'buy milk', items: null } });
    expect(readTaskIntent('Save a note')).toMatchObject({ write: { path: 'notes.md' } });
    expect(readTaskIntent('List the files in src/ and describe the architecture.')).toMatchObject({ listPath: 'src', readme: true });
    expect(readTaskIntent('What does this project do?')).toMatchObject({ workspace: true, readme: true });
  });

  it('reads what to search for: quoted text, else the first word after the verb that names something', () => {
    expect(readTaskIntent('Search for "deprecated" and propose replacements.').search).toBe('deprecated');
    expect(readTaskIntent('Find the TODOs').search).toBe('TODO');
    expect(readTaskIntent('Find where parseDuration is defined').search).toBe('parseDuration');
    expect(readTaskIntent('Find the README and summarise it')).toMatchObject({ search: null, readme: true });
    expect(readTaskIntent('Find notes.txt')).toMatchObject({ search: null, files: ['notes.txt'] });
  });

  it('leaves tasks that are not about the workspace alone', () => {
    for (const task of [
      'Say hello.',
      'hello',
      'Write a haiku',
      'Tell me a long story. [[words:250]]',
      'e.g. what time is it?',
      'Give me a list of fruits',
    ]) {
      expect(readTaskIntent(task), task).toMatchObject({ workspace: false, files: [], readme: false, search: null, write: null });
    }
  });
});
