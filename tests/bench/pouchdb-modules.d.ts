/**
 * Just enough types for the PouchDB packages the pouchdb-compare benchmark
 * uses: they ship none (the @types/pouchdb-* packages describe PouchDB 6-7).
 */

declare module 'pouchdb-core' {
  namespace PouchDB {
    interface Doc {
      _id: string;
      _rev?: string;
      [field: string]: unknown;
    }

    interface BulkResult {
      ok?: boolean;
      id?: string;
      rev?: string;
      error?: string;
      reason?: string;
    }

    interface Info {
      db_name: string;
      doc_count: number;
      update_seq: number | string;
    }

    interface AllDocsResult {
      total_rows: number;
      rows: Array<{ id: string; key: string; value: { rev: string }; doc?: Doc }>;
    }

    interface Database {
      readonly name: string;
      bulkDocs(docs: Doc[]): Promise<BulkResult[]>;
      get(id: string): Promise<Doc>;
      info(): Promise<Info>;
      allDocs(options?: { include_docs?: boolean; limit?: number; keys?: string[] }): Promise<AllDocsResult>;
      destroy(): Promise<unknown>;
      close(): Promise<void>;
    }

    interface ReplicateOptions {
      /** Documents per batch (the _bulk_docs / _changes page size); PouchDB's default is 100. */
      batch_size?: number;
      /** Batches held in memory at once; PouchDB's default is 10. */
      batches_limit?: number;
      retry?: boolean;
      live?: boolean;
    }

    interface ReplicateResult {
      ok: boolean;
      status: string;
      docs_read: number;
      docs_written: number;
      doc_write_failures: number;
      errors: unknown[];
    }

    /** A replication: a promise of its result, and cancellable. */
    interface Replication extends PromiseLike<ReplicateResult> {
      cancel(): void;
    }

    interface Static {
      new (name: string, options?: { adapter?: string }): Database;
      plugin(plugin: unknown): Static;
      defaults(options: { adapter?: string; prefix?: string }): Static;
      replicate(source: Database | string, target: Database | string, options?: ReplicateOptions): Replication;
    }
  }

  const PouchDB: PouchDB.Static;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}

declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}

declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { RequestHandler } from 'express';
  import type PouchDB from 'pouchdb-core';

  interface ExpressPouchDBOptions {
    /** 'fullCouchDB' (default), 'minimumForPouchDB' or 'custom'. */
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    /** Keep the server's config in memory instead of writing ./config.json. */
    inMemoryConfig?: boolean;
    logPath?: string;
    configPath?: string;
  }

  /** An express sub-app serving the CouchDB HTTP API over databases made with the given PouchDB. */
  function expressPouchDB(pouch: PouchDB.Static, options?: ExpressPouchDBOptions): RequestHandler;
  export default expressPouchDB;
}
