/**
 * The server's storage port. The sync logic (sync-routes.ts, join-route.ts, apply.ts) talks only to
 * this interface, so a second adapter (PostgreSQL) can stand beside SQLite.
 * Every method is async for that reason, even where SQLite is synchronous.
 */
import type { AnyEntityState, EntityType, Op, PushResult, Rejection, Role } from '../src/core';

export interface DeviceAuth {
  memberId: string;
  work: string;
  role: Role;
  deviceId: string;
}

export interface Invite {
  code: string;
  work: string;
  role: Role;
  expiresAt: number | null;
}

export interface NewMember {
  memberId: string;
  work: string;
  name: string;
  role: Role;
  deviceId: string;
  tokenHash: string;
  now: number;
}

/** Reads and writes inside one transaction: all of it commits, or none. */
export interface StoreTx {
  /**
   * The first answers given to these op ids, with the work each was sent
   * for, for the ids seen before (idempotency). One query for the batch.
   */
  findResults(opIds: string[]): Promise<Map<string, { work: string; result: PushResult }>>;
  getEntity(type: EntityType, id: string): Promise<AnyEntityState | undefined>;
  /** Appends an accepted op to the log and returns its sequence number. */
  appendOp(op: Op, receivedAt: number, skewMs: number): Promise<number>;
  putEntity(type: EntityType, state: AnyEntityState): Promise<void>;
  recordRejection(op: { id: string; work: string; actor: string; device: string }, body: unknown, reason: Rejection, receivedAt: number): Promise<void>;
  addMember(m: NewMember): Promise<void>;
  addInvite(invite: Invite, now: number): Promise<void>;
  /** "After" photos attached to an issue (a fix counts only with one). */
  countAfterPhotos(work: string, issueId: string): Promise<number>;
  /** Records that a work references a blob (so its members may download it). */
  addBlobRef(hash: string, work: string): Promise<void>;
  /** Runs fn in a nested transaction: if fn throws, its writes are undone and the error passes on. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface PulledPage {
  /** Each op serialized as JSON with its seq, ready to be joined into a response. */
  opsJson: string[];
  lastSeq: number;
  hasMore: boolean;
  /** Ops of the work after this page (0 when none): lets a device show progress. */
  remaining: number;
}

export interface Store {
  /** Runs fn in a transaction; resolves only after the commit is durable. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  pull(work: string, after: number, limit: number): Promise<PulledPage>;
  /** Highest seq ever assigned (0 when empty): a cursor above it means the device knew another server. */
  maxSeq(): Promise<number>;
  /** The id of the op stored at `seq`, if any: proves a device's cursor points into this log. */
  opIdAt(seq: number): Promise<string | null>;
  authenticate(tokenHash: string): Promise<DeviceAuth | null>;
  hasBlobRef(hash: string, work: string): Promise<boolean>;
  /** Removes a member's devices from the work: their next request is refused (401). */
  revokeMember(memberId: string, now: number): Promise<void>;
  findInvite(code: string): Promise<Invite | null>;
  listInvites(work: string): Promise<Invite[]>;
  countWorks(): Promise<number>;
  /** The materialized state of every entity of a work (for reviews and consistency checks). */
  listEntities(work: string): Promise<Array<{ type: EntityType; state: AnyEntityState }>>;
  close(): Promise<void>;
}
