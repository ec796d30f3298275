import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseClusterDir, clusterDirCandidates, externalClusterDir, folderClosedToOthers } from './cluster-location.mjs';

const dirs = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A checkout `<tmp>/<name>` with its .data/postgres; the temporary folder open (0755) or private (0700, as `mktemp -d` makes it). */
function checkout({ open, name = 'sb' }) {
  const parent = mkdtempSync(join(tmpdir(), 'switchboard-location-'));
  dirs.push(parent);
  chmodSync(parent, open ? 0o755 : 0o700);
  const dataDir = join(parent, name, '.data/postgres');
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  return { parent, dataDir };
}

function sharedBase() {
  const base = mkdtempSync(join(tmpdir(), 'switchboard-shared-'));
  dirs.push(base);
  return base;
}

describe('where the embedded cluster lives', () => {
  it('in the checkout when the postgres user can reach it, or when we are not root', () => {
    const base = sharedBase();
    const open = checkout({ open: true });
    expect(chooseClusterDir(open.dataDir, { asRoot: true, base })).toEqual({
      clusterDir: join(open.dataDir, 'cluster'),
      external: false,
      closedFolder: null,
    });
    const closed = checkout({ open: false });
    expect(chooseClusterDir(closed.dataDir, { asRoot: false, base }).clusterDir).toBe(join(closed.dataDir, 'cluster'));
  });

  it('as root in a private folder: in a folder of the checkout’s own outside it, naming the folder that blocks', () => {
    const base = sharedBase();
    const { parent, dataDir } = checkout({ open: false, name: 'my checkout' });
    const chosen = chooseClusterDir(dataDir, { asRoot: true, base });
    expect(chosen.external).toBe(true);
    expect(chosen.closedFolder).toBe(parent);
    expect(chosen.clusterDir).toMatch(new RegExp(`^${base}/my_checkout-[0-9a-f]{12}/cluster$`));
    // The same checkout always finds the same folder; another checkout another one.
    expect(externalClusterDir(dataDir, base)).toBe(chosen.clusterDir);
    expect(externalClusterDir(checkout({ open: false, name: 'my checkout' }).dataDir, base)).not.toBe(chosen.clusterDir);
    expect(clusterDirCandidates(dataDir, base)).toEqual([join(dataDir, 'cluster'), chosen.clusterDir]);
  });

  it('keeps using a cluster already outside the checkout, even once the checkout became reachable', () => {
    const base = sharedBase();
    const { parent, dataDir } = checkout({ open: false });
    const { clusterDir } = chooseClusterDir(dataDir, { asRoot: true, base });
    mkdirSync(clusterDir, { recursive: true });
    writeFileSync(join(clusterDir, 'PG_VERSION'), '18\n');
    chmodSync(parent, 0o755);
    expect(chooseClusterDir(dataDir, { asRoot: true, base })).toMatchObject({ clusterDir, external: true });
  });

  it('finds the first folder others cannot enter; folders still to be made do not count', () => {
    const { parent, dataDir } = checkout({ open: false });
    expect(folderClosedToOthers(join(dataDir, 'not/yet/made'))).toBe(parent);
    chmodSync(parent, 0o755);
    expect(folderClosedToOthers(join(dataDir, 'not/yet/made'))).toBeNull();
  });
});
