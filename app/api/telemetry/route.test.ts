// Bad input at GET /api/telemetry (400 with a message, nothing written); /api/status and
// /api/health take no input and ignore whatever query they get.
import { afterAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, useTestDatabase } from '@/test/bad-input';
import { database } from '@/lib/store/database';
import { GET as health } from '../health/route';
import { GET as status } from '../status/route';
import { GET as telemetry } from './route';

useTestDatabase();
afterAll(() => database().$disconnect());

describe('GET /api/telemetry refuses bad parameters with 400', () => {
  const cases = [
    'window=2h',
    'window=custom',
    'window=custom&from=2026-01-01T00:00:00Z',
    'window=custom&from=yesterday&to=today',
    'window=custom&from=2026-02-30T00:00:00Z&to=2026-03-01T00:00:00Z',
    'window=custom&from=2026-03-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    'window=custom&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    `provider=${'p'.repeat(201)}`,
    `model=${'m'.repeat(201)}`,
  ];
  for (const query of cases) {
    it(query.slice(0, 70), async () => {
      await expectJsonError(await expectNothingWritten(() => telemetry(new Request(`http://localhost/api/telemetry?${query}`))), 400);
    });
  }
});

describe('GET /api/status and /api/health', () => {
  it('answer JSON whatever the query, writing nothing', async () => {
    const answer = await expectNothingWritten(() => status());
    expect(answer.status).toBe(200);
    expect(await answer.json()).toBeTypeOf('object');
    const live = await expectNothingWritten(async () => health());
    expect(await live.json()).toEqual({ ok: true });
  });
});
