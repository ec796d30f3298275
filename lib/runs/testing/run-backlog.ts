// Test support: a run's log with events already committed, for the tests of what follows it live.
import type { Database } from '@/lib/store/database';
import { RunEventWriter } from '@/lib/store/run-event-writer';

/**
 * Opens the run's event writer (batches of at most 5 ms), commits a backlog of two events — the
 * run running, then `text` — and leaves the writer open for what the test writes live.
 */
export async function writeBacklog(db: Database, runId: string, text: string): Promise<RunEventWriter> {
  const writer = await RunEventWriter.open(db, runId, { maxDelayMs: 5 });
  writer.append('status', { status: 'running' });
  writer.append('text-delta', { text });
  await writer.flush();
  return writer;
}
