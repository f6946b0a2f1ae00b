/**
 * The statements of a push read by index, so that a push costs the same whatever the store holds.
 * (A plan, not a timing: SQLite's EXPLAIN QUERY PLAN says which index each table is read by.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { statements } from '../../sync-server/store/sql';
import { dialect, openSqliteStore } from '../../sync-server/store/sqlite/runner';

it("a push's first read finds each entity it names by type and id, never by scanning the entities of a type", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-plans-'));
  try {
    const file = join(dir, 'plans.sqlite');
    await openSqliteStore(file).close(); // the schema, as the server makes it
    const db = new Database(file, { readonly: true });
    const sql = statements(dialect).pushStart;
    const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, (_, i) => (i < 4 ? '[]' : 'w'));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail);
    db.close();
    const entityReads = plan.filter((d) => /\bentities\b| e USING/.test(d));
    expect(entityReads.length).toBeGreaterThan(0);
    for (const d of entityReads) expect(d).toMatch(/\(type=\? AND id=\?\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
