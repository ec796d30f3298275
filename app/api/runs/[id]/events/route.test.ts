// The live stream's route while the database is down: a retryable 503, not a crash (a 500 made the
// browser's EventSource give up for good).
import { createServer } from 'node:net';
import { NextRequest } from 'next/server';
import { beforeAll, expect, it } from 'vitest';
import { GET as events } from './route';

const RUN_ID = '01890a5d-ac96-7000-8000-000000000001';

beforeAll(async () => {
  // A port nothing listens on: a Postgres that is stopped (restarting).
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  process.env.DATABASE_URL = `postgresql://switchboard@127.0.0.1:${port}/switchboard`;
});

it('answers 503 with retry-after when the database does not answer', async () => {
  const request = new NextRequest(`http://localhost/api/runs/${RUN_ID}/events?after=3`);
  const response = await events(request, { params: Promise.resolve({ id: RUN_ID }) });
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await response.json()).toEqual({ error: expect.stringMatching(/database/) });
});
