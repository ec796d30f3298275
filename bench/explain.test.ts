import { describe, expect, it } from 'vitest';
import { executionMs } from './explain';

describe('executionMs', () => {
  it("reads a plan's execution time, and nothing from a plan without one", () => {
    expect(executionMs(['Limit  (cost=0.42..1.2 rows=51)', 'Planning Time: 0.205 ms', 'Execution Time: 86.169 ms'])).toBe(86.169);
    expect(executionMs(['Seq Scan on "Run"'])).toBeNull();
  });
});
