// Starting runs and waiting on them, as the e2e specs do: through the JSON API (POST /api/runs) or
// the New run form. The runs really execute, on `npm start`'s worker processes and their simulators.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { RunEvent } from '../../lib/run-events/schema';

/** GET /api/runs/[id], as far as the specs read it. */
export type RunJson = {
  run: { status: string; startedAt: string | null; finishedAt: string | null; turnCount: number };
  turns: { index: number }[];
  errorArtifacts: { payload: Record<string, unknown> }[];
};

/** The body of POST /api/runs: `task` on a Simulator profile, the simulator playing `scenario` (a scripted fault) when given. */
export function simulatorRun(profileName: string, task: string, scenario?: string) {
  return { profileName, task, ...(scenario ? { overrides: { simulatorScenario: scenario } } : {}) };
}

/** Starts a run through the JSON API; its id. */
export async function startRun(request: APIRequestContext, body: Record<string, unknown>): Promise<string> {
  const response = await request.post('/api/runs', { data: body });
  expect(response.status(), await response.text()).toBe(201);
  const { runId } = (await response.json()) as { runId: string };
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  return runId;
}

/** Starts a run through the JSON API and opens its page (while it is queued or running); its id. */
export async function openNewRun(page: Page, request: APIRequestContext, body: Record<string, unknown>): Promise<string> {
  const id = await startRun(request, body);
  await page.goto(`/runs/${id}`);
  return id;
}

/** The id of the run whose page a submitted New run form opened. */
export async function openedRunId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  return page.url().split('/').at(-1)!;
}

/** Presses Start run on the filled-in New run form; the id of the run it opened. */
export async function startFromForm(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Start run' }).click();
  return openedRunId(page);
}

export async function runJson(request: APIRequestContext, id: string): Promise<RunJson> {
  const response = await request.get(`/api/runs/${id}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as RunJson;
}

export async function runStatus(request: APIRequestContext, id: string): Promise<string> {
  return (await runJson(request, id)).run.status;
}

/** The run's recorded events after seq `after` (all of them by default). */
export async function runEvents(request: APIRequestContext, id: string, after = -1): Promise<RunEvent[]> {
  const response = await request.get(`/api/runs/${id}?events=1&after=${after}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { events: RunEvent[] }).events;
}

/** Waits until the run's status is `status` (a string: exactly that one). */
export async function waitForStatus(request: APIRequestContext, id: string, status: string | RegExp, timeout = 30_000): Promise<void> {
  const wanted = typeof status === 'string' ? new RegExp(`^${status}$`) : status;
  await expect.poll(() => runStatus(request, id), { timeout, intervals: [200, 300, 500] }).toMatch(wanted);
}

/** Waits until the run's status is `status`; then its export bundle (GET /api/runs/[id]/export). */
export async function exportWhen(request: APIRequestContext, id: string, status = 'succeeded') {
  await waitForStatus(request, id, status);
  const response = await request.get(`/api/runs/${id}/export`);
  expect(response.ok()).toBe(true);
  return response.json();
}
