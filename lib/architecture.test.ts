// The layers of the code and the two rules that keep them: dependencies point down only, and
// app/ and the conductor (lib/agent) make no Prisma call — they call feature functions and the
// store's repositories. Each rule is checked on the whole tree and proven on a planted violation.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Top to bottom. A module may import its own folder and the lines below its own; folders on one
 * line do not import each other (none needs to). Everything outside app/ and lib/ (scripts/,
 * bench/, e2e/, test/, the root configs) is tooling on top of them all; instrumentation.ts and
 * proxy.ts are loaded by Next.js with the app.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['app', 'instrumentation.ts', 'proxy.ts'],
  ['lib/cli'],
  ['lib/worker'],
  ['lib/agent'],
  ['lib/otel', 'lib/alerts'],
  ['lib/telemetry', 'lib/status', 'lib/auth'],
  ['lib/runs'],
  ['lib/tools', 'lib/simulator'],
  ['lib/store'],
  ['lib/config'],
  ['lib/providers'],
  ['lib/server'],
  // lib/run-events: the run log's contract (zod only), which the writer (lib/store) and every reader share.
  ['lib/redaction', 'lib/run-events'],
];

/** Imports the order allows but the map does not: [from, to, why]. */
const FORBIDDEN: readonly (readonly [string, string, string])[] = [
  [
    'lib/cli',
    'lib/agent',
    '`npm run smoke` executes its run through lib/worker (executeStandaloneRun), like any other run outside the queue',
  ],
];

/** Where Prisma is not called: pages, actions and route handlers, and the conductor. */
const NO_PRISMA = ['app', 'instrumentation.ts', 'proxy.ts', 'lib/agent'];

/** Prisma's own methods on a client or a transaction. */
const CLIENT_METHODS = new Set(['$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$transaction']);
/** `<client>.<model>.<operation>(…)`. */
const MODEL_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
  'count',
  'aggregate',
  'groupBy',
]);

const ROOT = join(__dirname, '..');
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const SKIPPED = new Set(['node_modules', '.next', '.data', '.git', 'generated', 'test-results', 'playwright-report']);

type SourceFile = { path: string; text: string };

function sourceFiles(dir = ROOT): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) ? [{ path: relative(ROOT, full), text: readFileSync(full, 'utf8') }] : [];
  });
}

const isTest = (path: string) => /\.test\.(ts|tsx|mjs)$/.test(path);
const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The line of the map a file or import target belongs to: 0 is the top; -1 is tooling above it all; null: a folder of lib/ the map lacks. */
function layerOf(path: string): { line: number; folder: string } | null {
  for (const [line, folders] of LAYERS.entries()) {
    const folder = folders.find((candidate) => within(path, candidate));
    if (folder) return { line, folder };
  }
  if (within(path, 'app') || within(path, 'lib')) return null;
  return { line: -1, folder: path.split('/')[0]! };
}

/** The repository path an import names, without its extension; null for a package. */
function importTarget(file: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith('@/')) target = specifier.slice(2);
  else if (specifier.startsWith('.')) target = normalize(join(dirname(file), specifier));
  else return null;
  return target.replace(/\.(ts|tsx|mts|mjs|js)$/, '');
}

/** Every module a file imports: `import … from`, `import '…'`, `export … from`, `import('…')`. */
function importsOf(file: SourceFile): string[] {
  return ts.preProcessFile(file.text, true, true).importedFiles.map((imported) => imported.fileName);
}

/** What in `files` imports upward or across the map, one sentence each. */
export function layerViolations(files: SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    if (isTest(file.path)) continue; // a test drives its module through the layers above it (a worker running the runs it checks)
    const from = layerOf(file.path);
    if (!from) {
      violations.push(`${file.path}: ${dirname(file.path)} has no place in the layer map (lib/architecture.test.ts)`);
      continue;
    }
    if (from.line === -1) continue; // tooling may use anything
    for (const specifier of importsOf(file)) {
      const target = importTarget(file.path, specifier);
      if (target === null) continue;
      const to = layerOf(target);
      if (!to || to.folder === from.folder) continue;
      const forbidden = FORBIDDEN.find(([source, destination]) => within(file.path, source) && within(target, destination));
      if (forbidden)
        violations.push(`${file.path} imports ${specifier}: ${forbidden[0]} does not import ${forbidden[1]} — ${forbidden[2]}`);
      else if (to.line < from.line) violations.push(`${file.path} imports ${specifier}: ${from.folder} is below ${to.folder}`);
      else if (to.line === from.line)
        violations.push(`${file.path} imports ${specifier}: ${from.folder} and ${to.folder} are side by side`);
    }
  }
  return violations;
}

/** The Prisma calls in a file, one sentence each (found in its syntax tree: comments and strings do not count). */
export function prismaCalls(file: SourceFile, models: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(
    file.path,
    file.text,
    ts.ScriptTarget.Latest,
    true,
    file.path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const calls: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    calls.push(`${file.path}:${line + 1} ${node.getText(source).split('\n')[0]}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (CLIENT_METHODS.has(name)) report(node);
      else if (MODEL_OPERATIONS.has(name) && ts.isPropertyAccessExpression(node.expression) && models.has(node.expression.name.text))
        report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const specifier of importsOf(file)) {
    const target = importTarget(file.path, specifier);
    if (specifier.startsWith('@prisma/') || (target && within(target, 'lib/store/generated')))
      calls.push(`${file.path} imports ${specifier}`);
  }
  return calls;
}

/** The client's model properties: each `model X` of schema.prisma as `x`. */
function prismaModels(schema: string): Set<string> {
  return new Set([...schema.matchAll(/^model (\w+) \{/gm)].map(([, name]) => name!.charAt(0).toLowerCase() + name!.slice(1)));
}

const models = prismaModels(readFileSync(join(ROOT, 'prisma/schema.prisma'), 'utf8'));

describe('the layer map', () => {
  const files = sourceFiles();

  it('covers the tree', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files.some((file) => file.path === 'lib/agent/conductor.ts')).toBe(true);
  });

  it('dependencies point down only', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('app/ and lib/agent make no Prisma call', () => {
    const calls = files
      .filter((file) => !isTest(file.path) && NO_PRISMA.some((folder) => within(file.path, folder)))
      .flatMap((file) => prismaCalls(file, models));
    expect(calls).toEqual([]);
  });

  it("every e2e spec takes its `test` from e2e/support/test.ts, whose watch fails a test on the browser's errors", () => {
    const specs = readdirSync(join(ROOT, 'e2e')).filter((name) => name.endsWith('.spec.ts'));
    expect(specs.length).toBeGreaterThan(10);
    const unwatched = specs.filter((name) => {
      const source = readFileSync(join(ROOT, 'e2e', name), 'utf8');
      return (
        !/import \{[^}]*\btest\b[^}]*\} from '\.\/support\/test';/.test(source) ||
        /import \{[^}]*\btest\b[^}]*\} from '@playwright\/test'/.test(source)
      );
    });
    expect(unwatched).toEqual([]);
  });
});

describe('the checks find what they look for', () => {
  it('an upward import in each form an import takes, a sideways one, a forbidden one, a folder the map lacks — and not a downward import, a package, a test or tooling', () => {
    const planted: SourceFile[] = [
      { path: 'lib/store/planted.ts', text: "import { executeRun } from '@/lib/agent/conductor';" },
      { path: 'lib/config/planted.ts', text: "export { startRun } from '../runs/start-run';" },
      { path: 'lib/providers/core/planted.ts', text: "const worker = await import('@/lib/worker/worker');" },
      { path: 'lib/redaction/planted.ts', text: "import type { Logger } from '@/lib/server/logger';" },
      { path: 'lib/otel/planted.ts', text: "import { alertsOverview } from '@/lib/alerts/rules';" },
      { path: 'lib/cli/planted.ts', text: "import { executeRun } from '@/lib/agent/conductor';" },
      { path: 'lib/newfeature/planted.ts', text: "import { z } from 'zod';" },
      { path: 'lib/worker/planted.ts', text: "import { executeRun } from '@/lib/agent/conductor';\nimport PgBoss from 'pg-boss';" },
      { path: 'lib/store/planted.test.ts', text: "import { startWorker } from '@/lib/worker/worker';" },
      {
        path: 'scripts/planted.ts',
        text: "import { x } from './lib/test-database.mjs';\nimport { startWorker } from '../lib/worker/worker';",
      },
    ];
    expect(layerViolations(planted)).toEqual([
      'lib/store/planted.ts imports @/lib/agent/conductor: lib/store is below lib/agent',
      'lib/config/planted.ts imports ../runs/start-run: lib/config is below lib/runs',
      'lib/providers/core/planted.ts imports @/lib/worker/worker: lib/providers is below lib/worker',
      'lib/redaction/planted.ts imports @/lib/server/logger: lib/redaction is below lib/server',
      'lib/otel/planted.ts imports @/lib/alerts/rules: lib/otel and lib/alerts are side by side',
      expect.stringMatching(/^lib\/cli\/planted\.ts imports @\/lib\/agent\/conductor: lib\/cli does not import lib\/agent — /),
      'lib/newfeature/planted.ts: lib/newfeature has no place in the layer map (lib/architecture.test.ts)',
    ]);
  });

  it('Prisma calls on a client or a transaction, and the generated client, but not the words in a comment', () => {
    const planted: SourceFile = {
      path: 'app/api/planted/route.ts',
      text: [
        "import type { Prisma } from '@/lib/store/generated/prisma/client';",
        '// db.run.findUnique in a comment is no call',
        'const run = await db.run.findUnique({ where: { id } });',
        'await database().$transaction(async (tx) => tx.turn.updateMany({ where: {}, data: {} }));',
        'const rows = await db.$queryRaw`SELECT 1`;',
        'const runs = await listRuns(database(), params);',
      ].join('\n'),
    };
    expect(prismaCalls(planted, models)).toEqual([
      'app/api/planted/route.ts:3 db.run.findUnique',
      'app/api/planted/route.ts:4 database().$transaction',
      'app/api/planted/route.ts:4 tx.turn.updateMany',
      'app/api/planted/route.ts:5 db.$queryRaw',
      'app/api/planted/route.ts imports @/lib/store/generated/prisma/client',
    ]);
  });
});
