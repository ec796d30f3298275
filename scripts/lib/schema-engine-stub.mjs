#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, which the CLI downloads from a host this
// network cannot reach. `prisma generate`, `validate` and `format` only ask for its version;
// migrations run through @prisma/schema-engine-wasm instead (scripts/lib/migrations.mjs).
if (process.argv.includes('--version')) {
  console.log('schema-engine-cli 0edf323efd1d98336f3f0a68684b56f689b900d3');
  process.exit(0);
}
console.error('The native Prisma schema engine is not installed here; migrations run through `npm run db:migrate`.');
process.exit(1);
