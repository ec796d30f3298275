#!/usr/bin/env node
// `npm run db:generate`: the Prisma client for prisma/schema.prisma (into lib/store/generated/),
// when the schema changed since the last generation. `npm start`, `npm test` and
// `npm run db:migrate` do this step themselves.
import { ensurePrismaClient } from './lib/bootstrap.mjs';

await ensurePrismaClient();
