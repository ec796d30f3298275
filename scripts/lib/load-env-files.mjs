// Imported first by the command-line entry points (`npm run worker`, `smoke`, `runs`, `import`,
// `seed:demo`): the `.env` files are in process.env before any other module runs (env-files.mjs).
import { loadEnvFiles } from './env-files.mjs';

loadEnvFiles();
