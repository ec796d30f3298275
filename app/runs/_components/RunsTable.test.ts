// The runs table marks imported runs (npm run import: read-only archives from another instance).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { runListItem as run } from '@/lib/runs/run-list-item-fixture';
import { RunsTable } from './RunsTable';

describe('RunsTable', () => {
  it('marks imported runs, and only them', () => {
    const imported = '0199d2c4-7a1e-7b3c-9f00-1234567890ab';
    const html = renderToStaticMarkup(
      createElement(RunsTable, { runs: [run({}), run({ id: '01a21715-0000-7000-8000-000000000001', importedFromId: imported })] }),
    );
    const rows = html.split('<tr data-run-id=').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).not.toContain('imported');
    expect(rows[1]).toMatch(/<span[^>]*data-testid="imported-marker"[^>]*>imported<\/span>/);
    expect(rows[1]).toContain(`title="Imported with npm run import (a read-only archive); its id where it was recorded: ${imported}"`);
  });
});
