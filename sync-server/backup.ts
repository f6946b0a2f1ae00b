/**
 * Backups of the default store (SQLite in SITEWATCH_DATA) and its photo folder, while the server runs:
 *
 *   npx tsx sync-server/admin.ts backup --to /backups/sitewatch-2026-12-04.tar
 *   npx tsx sync-server/admin.ts restore --from /backups/sitewatch-2026-12-04.tar   (server stopped)
 *
 * The database is copied with SQLite's online backup API (better-sqlite3's `backup`), in one step, so the
 * copy is one consistent moment of the database however many pushes arrive meanwhile (a file copy of a
 * database in WAL mode can be torn). Photos are content-addressed files that never change once complete:
 * those present after the snapshot are copied (a superset of what the snapshot refers to); half-uploaded
 * ones are left out (the phones resume them). The archive is a plain tar (Debian's `tar`), with a
 * manifest saying what it holds; `restore` checks the database before it replaces anything, and keeps
 * what it replaces beside it. For PostgreSQL, see docs/deploy.md (pg_dump).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const DB_FILE = 'sitewatch.sqlite';
const MANIFEST = 'sitewatch-backup.json';
/** Pages per backup step: all of them, so that the copy is taken in one step (the API restarts a stepwise copy that a writer disturbs). */
const ALL_PAGES = 0x7fffffff;

export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** The highest op sequence in the copy: devices that synced past it are told to reset when they next pull. */
  maxSeq: number;
  ops: number;
  photos: number;
  photoBytes: number;
}

function tar(args: string[]): void {
  const r = spawnSync('tar', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`tar could not run (${r.error.message}): install it (apt-get install -y tar)`);
  if (r.status !== 0) throw new Error(`tar ${args[0]} failed: ${r.stderr.trim()}`);
}

/** Complete photos of a blob folder: `<2 hex>/<64 hex>`; `partial/` (uploads under way) is not a photo yet. */
function completePhotos(blobDir: string): Array<{ path: string; size: number }> {
  if (!existsSync(blobDir)) return [];
  return readdirSync(blobDir)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) =>
      readdirSync(join(blobDir, d))
        .filter((f) => /^[0-9a-f]{64}$/.test(f) && f.startsWith(d))
        .map((f) => ({ path: `${d}/${f}`, size: statSync(join(blobDir, d, f)).size })),
    );
}

function summary(dbFile: string): { maxSeq: number; ops: number; integrity: string } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const row = db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS max FROM ops').get() as { n: number; max: number };
    return { maxSeq: row.max, ops: row.n, integrity };
  } finally {
    db.close();
  }
}

export async function backup(dataDir: string, to: string, now = new Date()): Promise<BackupManifest> {
  const source = join(dataDir, DB_FILE);
  if (!existsSync(source)) throw new Error(`no database at ${source}: is SITEWATCH_DATA right?`);
  const target = resolve(to);
  if (!existsSync(dirname(target))) throw new Error(`the folder ${dirname(target)} does not exist`);
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(join(work, DB_FILE), { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    const copy = summary(join(work, DB_FILE));
    if (copy.integrity !== 'ok') throw new Error(`the copy of the database fails its integrity check: ${copy.integrity}`);
    const blobDir = join(dataDir, 'blobs');
    const photos = completePhotos(blobDir);
    const manifest: BackupManifest = {
      format: 1,
      createdAt: now.toISOString(),
      maxSeq: copy.maxSeq,
      ops: copy.ops,
      photos: photos.length,
      photoBytes: photos.reduce((s, p) => s + p.size, 0),
    };
    writeFileSync(join(work, MANIFEST), JSON.stringify(manifest, null, 2));
    const list = join(work, 'photos.list');
    writeFileSync(list, photos.map((p) => `blobs/${p.path}\n`).join(''));
    const partial = `${target}.partial`;
    tar(['-cf', partial, '-C', work, MANIFEST, DB_FILE, '-C', dataDir, '--verbatim-files-from', '-T', list]);
    // Only a finished archive takes the name: a backup cut short never passes for a whole one.
    renameSync(partial, target);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What a running server leaves beside the database: SQLite's WAL files (removed when the last connection closes). */
function serverSeemsRunning(dataDir: string): boolean {
  return [`${DB_FILE}-wal`, `${DB_FILE}-shm`].some((f) => existsSync(join(dataDir, f)));
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the database and photos that were there before now are (nothing is deleted). */
  keptAt: string | null;
}

export function restore(dataDir: string, from: string, opts: { force?: boolean; now?: Date } = {}): RestoreResult {
  const archive = resolve(from);
  if (!existsSync(archive)) throw new Error(`no backup at ${archive}`);
  if (!opts.force && serverSeemsRunning(dataDir)) {
    throw new Error(
      `${join(dataDir, DB_FILE)}-wal exists: the server seems to be running. Stop it first (systemctl stop sitewatch); ` +
        'if it is stopped and did not close cleanly, pass --force.',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const work = mkdtempSync(join(dataDir, '.restore-'));
  try {
    tar(['-xf', archive, '-C', work]);
    const manifestFile = join(work, MANIFEST);
    if (!existsSync(manifestFile) || !existsSync(join(work, DB_FILE))) throw new Error(`${archive} is not a Sitewatch backup (no ${MANIFEST} or ${DB_FILE})`);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
    const check = summary(join(work, DB_FILE));
    if (check.integrity !== 'ok') throw new Error(`the database in the backup fails its integrity check (${check.integrity}): nothing was changed`);
    if (check.ops !== manifest.ops || check.maxSeq !== manifest.maxSeq)
      throw new Error('the database in the backup does not match its manifest: nothing was changed');
    const photos = completePhotos(join(work, 'blobs'));
    if (photos.length !== manifest.photos) throw new Error(`the backup should hold ${manifest.photos} photos, it holds ${photos.length}: nothing was changed`);

    const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const kept = join(dataDir, `before-restore-${stamp}`);
    let keptAny = false;
    for (const name of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'blobs']) {
      if (!existsSync(join(dataDir, name))) continue;
      mkdirSync(kept, { recursive: true });
      renameSync(join(dataDir, name), join(kept, name));
      keptAny = true;
    }
    renameSync(join(work, DB_FILE), join(dataDir, DB_FILE));
    renameSync(existsSync(join(work, 'blobs')) ? join(work, 'blobs') : mkdtempSync(join(work, 'empty-')), join(dataDir, 'blobs'));
    return { manifest, keptAt: keptAny ? kept : null };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
