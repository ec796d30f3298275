import 'server-only';
import type PgBoss from 'pg-boss';
import { loadProfiles } from '@/lib/config/profiles';
import { database } from '@/lib/store/database';
import { inProcessWorker } from '../worker/in-process-worker';
import { startQueue } from '../runs/run-queue';

const globalForQueue = globalThis as unknown as { switchboardQueue?: Promise<PgBoss> };

/** The queue to send runs to: the in-process worker's, or (web-only nodes) one of our own. */
export async function queue(): Promise<PgBoss> {
  const worker = inProcessWorker();
  if (worker) return (await worker).boss;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set.');
  globalForQueue.switchboardQueue ??= startQueue(url, (error) => console.error('[switchboard] queue error', error.message));
  return globalForQueue.switchboardQueue;
}

/** The simulator the in-process worker started (the Simulator profiles use it). */
export async function simulatorUrl(): Promise<string | null> {
  const worker = inProcessWorker();
  return worker ? (await worker).simulatorUrl : null;
}

export function services() {
  return { db: database(), profiles: loadProfiles().profiles };
}
