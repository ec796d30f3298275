export type AppliedMigrationRow = {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export type MigrationState = {
  applied: string[];
  pending: string[];
  failed: string[];
  /** Recorded in the database but absent from prisma/migrations (another checkout's migration). */
  unknown: string[];
};

/** Compares the migrations folder with the rows of `_prisma_migrations`. */
export function compareMigrations(folder: string[], rows: AppliedMigrationRow[]): MigrationState {
  const finished = new Set(rows.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => row.migration_name));
  const failed = rows.filter((row) => !row.finished_at && !row.rolled_back_at).map((row) => row.migration_name);
  const inFolder = new Set(folder);
  return {
    applied: folder.filter((name) => finished.has(name)),
    pending: folder.filter((name) => !finished.has(name) && !failed.includes(name)),
    failed,
    unknown: [...finished].filter((name) => !inFolder.has(name)).sort(),
  };
}
