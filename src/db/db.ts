/**
 * The device's store (IndexedDB via Dexie). Views (works, points, members,
 * issues) are what the UI reads: the server's confirmed state with this
 * device's pending ops applied on top. Sync bookkeeping lives apart from them:
 * confirmed (server truth per entity), outbox, rejected, syncState, meta.
 */
import Dexie, { type DBCore, type DBCoreTransaction, type Middleware, type Table } from 'dexie';
import type {
  ContactState,
  EntityType,
  InspectionState,
  IssueState,
  MemberState,
  Op,
  PhotoState,
  PlanState,
  PointState,
  Rejection,
  Role,
  TemplateState,
  WorkState,
} from '../core';

/** A view row carries whether some of its changes still wait to reach the server. */
export type View<T> = T & { syncPending: boolean };

export interface ConfirmedRow {
  type: EntityType;
  id: string;
  work: string;
  state: unknown;
}

export interface OutboxEntry {
  /** Local order of creation: ops are pushed and re-applied in this order. */
  n?: number;
  id: string;
  work: string;
  entity: EntityType;
  entityId: string;
  op: Op;
  /** The author's role when the op was made, to re-check it on top of new server state. */
  role: Role;
  /** pending: not yet acknowledged; acked: the server accepted it, its pull has not arrived yet. */
  state: 'pending' | 'acked';
  seq?: number;
  createdAt: number;
}

export interface RejectedEntry {
  id: string;
  work: string;
  op: Op;
  reason: Rejection;
  rejectedAt: number;
  dismissed: 0 | 1;
}

export interface SyncError {
  code: string;
  message: string;
  at: number;
}

export interface SyncStateRow {
  work: string;
  /** Seq of the last op pulled for this work, and that op's id (the server checks both). */
  cursor: number;
  cursorId: string | null;
  lastSyncAt: number | null;
  error: SyncError | null;
  /** Set while a sync runs, so every tab can show progress. */
  phase: 'idle' | 'pushing' | 'pulling' | 'uploading';
  pulled: number;
  /** Ops this pull will bring in all (pulled + what the server says remains). */
  pullTotal: number;
}

/**
 * This device's own ops after the server confirmed them, kept for a while: if
 * the server is restored from an older backup and forgets them, a reset sends
 * them again (op ids make that harmless where the server still has them).
 */
export interface SentEntry {
  id: string;
  work: string;
  op: Op;
  role: Role;
  confirmedAt: number;
}

export interface BlobChunk {
  hash: string;
  index: number;
  data: ArrayBuffer;
}

export interface BlobRow {
  hash: string;
  work: string;
  size: number;
  chunks: number;
  /**
   * local: made here, not yet on the server; uploaded: the server verified it; downloaded: came from the server;
   * held: a photo's original, kept here and uploaded only if the work asks for originals.
   */
  state: 'local' | 'uploaded' | 'downloaded' | 'held';
  /** Bytes the server has confirmed so far (resume point). */
  uploadedBytes: number;
  error: string | null;
  /** The server's code for the last refusal (quota_exceeded, not_referenced), to say it in the app's words. */
  errorCode?: string | null;
  createdAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * Marks every read-write transaction that adds to the outbox, and tells the listeners once that
 * transaction has committed (IndexedDB's `complete`), never before and never after an abort: a write
 * asks for a sync itself, so no caller can forget to, and a sync never starts before the write it
 * should carry is there to read. (Dexie Cloud does the same in its mutation-tracking middleware.)
 */
function outboxCommits(notify: () => void): Middleware<DBCore> {
  const marked = new WeakSet<DBCoreTransaction>();
  return {
    stack: 'dbcore',
    name: 'outboxCommits',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'outbox') return table;
        return {
          ...table,
          mutate: (req) => {
            // Adds only: the engine's own updates (an op acknowledged) must not ask for another sync.
            if (req.type === 'add' && !marked.has(req.trans)) {
              marked.add(req.trans);
              // On IndexedDB (and fake-indexeddb) Dexie's core transaction is the IDBTransaction.
              const tx = req.trans as DBCoreTransaction & Partial<Pick<IDBTransaction, 'addEventListener'>>;
              tx.addEventListener?.('complete', notify, { once: true });
            }
            return table.mutate(req);
          },
        };
      },
    }),
  };
}

export class SitewatchDB extends Dexie {
  private readonly outboxListeners = new Set<() => void>();
  works!: Table<View<WorkState>, string>;
  points!: Table<View<PointState>, string>;
  members!: Table<View<MemberState>, string>;
  issues!: Table<View<IssueState>, string>;
  photos!: Table<View<PhotoState>, string>;
  /** Checklists: templates and inspections (views). */
  templates!: Table<View<TemplateState>, string>;
  inspections!: Table<View<InspectionState>, string>;
  /** issues: residents' contacts this device may hold (staff; the liaison with consent; the author until sent). */
  contacts!: Table<View<ContactState>, string>;
  /** Photo bytes, in chunks (Safari cannot store Blobs in IndexedDB): [hash+index]. */
  blobChunks!: Table<BlobChunk, [string, number]>;
  /** One row per blob this device holds or needs: its upload progress. */
  blobs!: Table<BlobRow, string>;
  confirmed!: Table<ConfirmedRow, [EntityType, string]>;
  outbox!: Table<OutboxEntry, number>;
  rejected!: Table<RejectedEntry, string>;
  syncState!: Table<SyncStateRow, string>;
  sent!: Table<SentEntry, string>;
  meta!: Table<MetaRow, string>;
  /** Site plans: views, like the other entities. */
  plans!: Table<View<PlanState>, string>;

  constructor(name = 'sitewatch') {
    super(name);
    this.use(outboxCommits(() => this.outboxListeners.forEach((l) => l())));
    this.version(1).stores({
      works: 'id',
      points: 'id, work',
      members: 'id, work',
      issues: 'id, work, [work+updatedAt]',
      confirmed: '[type+id], work',
      outbox: '++n, &id, work, [entity+entityId], state',
      rejected: 'id, work, dismissed',
      syncState: 'work',
      meta: 'key',
    });
    // v2: the sent log (resets after a server restore), and works indexed by work like the other views.
    this.version(2).stores({ sent: 'id, work, confirmedAt', works: 'id, work' });
    // v3: photos (views) and their bytes.
    this.version(3).stores({
      photos: 'id, work, [targetType+targetId]',
      blobChunks: '[hash+index]',
      blobs: 'hash, state',
    });
    // v7 (site plans): plans of a work (their images are blobs like photos).
    this.version(7).stores({ plans: 'id, work' });
    // v4 (checklists): templates and inspections (views); inspections listed per point, per template, newest first.
    this.version(4).stores({
      templates: 'id, work',
      inspections: 'id, work, [work+updatedAt], [pointId+updatedAt], [templateId+updatedAt]',
    });
    // v5 — issues: residents' contacts; issue indexes for the list's filters (each ends in updatedAt, the list's order).
    this.version(5).stores({
      contacts: 'id, work, issueId',
      issues: 'id, work, [work+updatedAt], [work+status+updatedAt], [work+category+updatedAt], [work+pointId+updatedAt], [work+reportedAt]',
    });
    // v8: the outbox by work, state and age, so that the unsent count (src/db/queries.ts) is an index count.
    this.version(8).stores({ outbox: '++n, &id, work, [entity+entityId], state, [work+state+createdAt]' });
  }

  /**
   * Called after each committed transaction that added to the outbox (a user's change, or the ops a
   * reset queues again). The sync engine listens; returns the way to stop listening.
   */
  onOutboxCommit(listener: () => void): () => void {
    this.outboxListeners.add(listener);
    return () => this.outboxListeners.delete(listener);
  }

  viewTable(type: EntityType): Table<View<{ id: string; work: string }>, string> {
    switch (type) {
      case 'work':
        return this.works;
      case 'point':
        return this.points;
      case 'member':
        return this.members;
      case 'issue':
        return this.issues;
      case 'photo':
        return this.photos;
      case 'plan': // site plans
        return this.plans;
      case 'template':
        return this.templates;
      case 'inspection':
        return this.inspections;
      case 'contact':
        return this.contacts;
    }
  }

  get viewTables() {
    return [this.works, this.points, this.members, this.issues, this.photos, /* site plans */ this.plans, this.templates, this.inspections, this.contacts];
  }
}

export const db = new SitewatchDB();
