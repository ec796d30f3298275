// The runs the live benches (concurrency, scale-out) queue through the console, as a person does
// with Start: the four simulator profiles in turn, each the same five-turn task (four rounds of tool
// calls, then the answer).

export const BENCH_PROFILES = ['simulator-chat', 'simulator-anthropic', 'simulator-responses', 'simulator-openrouter'];

/** POSTs at once: the console answers a few in parallel, and the order of the queue does not matter. */
const IN_FLIGHT = 8;

async function queueRun(base: string, index: number): Promise<string> {
  const response = await fetch(`${base}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      profileName: BENCH_PROFILES[index % BENCH_PROFILES.length],
      task: `Bench run ${index}: list_files, then report. [[tool-rounds:4]]`,
      options: { tools: ['list_files', 'read_file'], maxTurns: 8 },
    }),
  });
  if (response.status !== 201) throw new Error(`POST /api/runs: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { runId: string }).runId;
}

/** Queues `count` runs through the console's POST /api/runs; their ids, in the order of their index. */
export async function queueRuns(base: string, count: number): Promise<string[]> {
  const runIds: string[] = new Array(count);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < count; index = next++) runIds[index] = await queueRun(base, index);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, lane));
  return runIds;
}
