/**
 * The server's storage port. The sync logic (sync-routes.ts, join-route.ts, apply.ts) talks only to
 * this interface, so a second adapter (PostgreSQL) can stand beside SQLite.
 * Every method is async for that reason, even where SQLite is synchronous.
 */
import type { NotifyEventRow, NotifyStore } from './notify/notify-store-port';
import type { AnyEntityState, BlobRef, EntityType, InviteInfo, ListEntries, MemberInfo, Op, PushResult, Rejection, Role } from '../src/core';

export interface DeviceAuth {
  memberId: string;
  work: string;
  role: Role;
  deviceId: string;
}

/** What authenticate() finds for a token that staff did not revoke. */
export interface DeviceRecord extends DeviceAuth {
  /** When the device was last heard from (noted at most once a minute), or when it joined if never since: decides expiry. */
  lastSeenAt: number;
}

/** A work's reference to a blob: it may read the bytes, and its devices may upload them. */
export interface WorkBlobRef {
  /** The size the op naming the blob declared; null for a reference recorded before sizes were kept. */
  size: number | null;
  /** Whether the work's quota already counts these bytes (an upload of them started). */
  charged: boolean;
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
  /** The User-Agent the device joined with (http.ts, userAgentOf), if it sent one. */
  userAgent?: string | null;
}

// --- Works, members and roles -------------------------------------------

/** A person who signs in with a password (staff); linked to one member per work. */
export interface Account {
  id: string;
  login: string;
  name: string;
  /** scrypt$N$r$p$salt$hash (see passwords.ts); never leaves the server. */
  passwordHash: string;
  createdAt: number;
}

/** A row of the hash-chained log of administrative actions (see audit.ts). */
export interface AuditRow {
  seq: number;
  work: string;
  at: number;
  /** Member id, account id, or "system"/"cli". */
  actor: string;
  action: string;
  /** JSON text of the action's details (never tokens or passwords). */
  detail: string;
  prevHash: string;
  hash: string;
}

export interface MemberRow {
  id: string;
  work: string;
  name: string;
  role: Role;
  accountId: string | null;
  /** The member (of another work) whose request created this work and this, its first staff member; else null. */
  createdBy: string | null;
  /** The member this one was made for by creating a work (the same person), at the root of that chain; null: itself. */
  origin: string | null;
}

/** The administration part of a transaction. */
export interface AdminTx {
  getMember(memberId: string): Promise<MemberRow | null>;
  setMemberRole(memberId: string, role: Role): Promise<void>;
  setMemberAccount(memberId: string, accountId: string): Promise<void>;
  /** Records which member's request created this member (with its work). */
  setMemberCreator(memberId: string, creatorId: string): Promise<void>;
  /** The member of `work` that `creatorId` created with the work, unless removed: how a retried creation is recognised. */
  memberCreatedBy(work: string, creatorId: string): Promise<MemberRow | null>;
  /** Records which person (the root member of a creation chain) a member made by creating a work is. */
  setMemberOrigin(memberId: string, origin: string): Promise<void>;
  /** A member with no device yet (a staff account's; devices come from signing in). */
  addMemberOnly(m: Omit<NewMember, 'deviceId' | 'tokenHash'>): Promise<void>;
  /** A new device (token) for an existing member: a staff sign-in. */
  addDevice(memberId: string, deviceId: string, tokenHash: string, now: number, userAgent?: string | null): Promise<void>;
  /** Revokes one device of a member, or (deviceId null) removes the member with all its devices; returns how many devices. */
  revokeDevices(memberId: string, deviceId: string | null, now: number): Promise<number>;
  /** Makes an invite stop working from `at` on. */
  expireInvite(code: string, at: number): Promise<void>;
  countOpenInvites(work: string, now: number): Promise<number>;
  addAccount(account: Account): Promise<void>;
  /** Appends to the audit chain (its hash is computed by the caller from the last row). */
  lastAudit(): Promise<AuditRow | null>;
  appendAudit(row: AuditRow): Promise<void>;
  /** The op log's hash chain, per work (see op-chain.ts): the newest link's hash, and a new link. */
  lastOpHash(work: string): Promise<string | null>;
  chainOp(link: OpLink): Promise<void>;
}

export interface AppendedOp {
  seq: number;
  /** The op's JSON with its seq, exactly as pull() returns it. */
  pulledJson: string;
}

/** One link of a work's op chain: the hash of an op (as pulled) and of the link before it. */
export interface OpLink {
  seq: number;
  work: string;
  prevHash: string;
  hash: string;
}

// --- Residents' reports from posters ---------------------------------------

export interface PosterRow {
  token: string;
  work: string;
  pointId: string | null;
  /** The work's resident identity: the member that authors reports from its posters. */
  memberId: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface ReportRow {
  issueId: string;
  work: string;
  poster: string;
  number: number;
  contactId: string | null;
  createdAt: number;
  /** JSON of ResidentFeedback, once the resident answered. */
  feedback: string | null;
  withdrawnAt: number | null;
}

export interface NewReport {
  issueId: string;
  work: string;
  poster: string;
  number: number;
  clientKey: string;
  followHash: string;
  contactId: string | null;
  createdAt: number;
}

/** The residents' part of a transaction. */
export interface ResidentTx {
  addPoster(p: Omit<PosterRow, 'revokedAt'>): Promise<void>;
  countOpenPosters(work: string): Promise<number>;
  /** The member that authors a work's resident reports, if a poster of the work was ever made. */
  residentMember(work: string): Promise<string | null>;
  /** True if the poster was open and is now revoked. */
  revokePoster(token: string, work: string, at: number): Promise<boolean>;
  reportByClient(clientKey: string): Promise<ReportRow | null>;
  nextReportNumber(work: string): Promise<number>;
  /** Reports the work took since `since` (ms): the daily cap. */
  reportsSince(work: string, since: number): Promise<number>;
  addReport(r: NewReport): Promise<void>;
  setFollowHash(clientKey: string, followHash: string): Promise<void>;
  setFeedback(issueId: string, feedbackJson: string): Promise<void>;
  setWithdrawn(issueId: string, at: number): Promise<void>;
  /** A contact's name and phone are held from its contact.add until its erase (the retention rounds read these). */
  holdContact(contactId: string, work: string, issueId: string): Promise<void>;
  releaseContact(contactId: string): Promise<void>;
  /** The report whose contact this was no longer says the server keeps one. */
  forgetReportContact(contactId: string): Promise<void>;
}

/** The residents' reads outside a transaction. */
export interface ResidentReads {
  findPoster(token: string): Promise<PosterRow | null>;
  /**
   * Held contacts whose issue is closed and last changed, at `now` (ms), longer ago than its work's
   * retention period (work.contactRetentionDays, else `defaultDays`): at most `limit`.
   */
  contactsPastRetention(now: number, defaultDays: number, limit: number): Promise<Array<{ contactId: string; work: string }>>;
  /** Keeps a proof-of-work challenge until `expiresAt` (ms), and deletes up to `dropLimit` ones expired at `now`. */
  addChallenge(id: string, expiresAt: number, now: number, dropLimit: number): Promise<void>;
  /** Deletes the challenge if it was there and not expired at `now`: true once, for its one use. */
  spendChallenge(id: string, now: number): Promise<boolean>;
  /** The work's resident identity (residentMember outside a transaction), if a poster of the work was ever made. */
  residentMemberOf(work: string): Promise<string | null>;
  listPosters(work: string, limit: number): Promise<PosterRow[]>;
  reportByFollow(followHash: string): Promise<ReportRow | null>;
  /** An entity of a work, its growing lists joined back (at most `maxEntries` entries); undefined if absent or of another work. */
  readEntity(type: EntityType, id: string, work: string, maxEntries: number): Promise<AnyEntityState | undefined>;
  /** The states of the photos attached to an issue (at most `limit`). */
  photosOfIssue(work: string, issueId: string, limit: number): Promise<unknown[]>;
}

/** Reads and writes inside one transaction: all of it commits, or none. */
export interface StoreTx extends AdminTx, ResidentTx {
  /**
   * The first answers given to these op ids, with the work each was sent
   * for, for the ids seen before (idempotency). One query for the batch,
   * which also reads the entities in `lookups` (those the ops will consult):
   * getEntity() then answers them without asking the database again.
   */
  findResults(opIds: string[], lookups?: EntityKey[]): Promise<Map<string, { work: string; result: PushResult }>>;
  /**
   * The entity as stored: its head, whose growing lists (src/core/growing-lists.ts) hold only what was
   * stored with it before those lists were kept apart, usually nothing. The rules need no more.
   */
  getEntity(type: EntityType, id: string): Promise<AnyEntityState | undefined>;
  /**
   * Appends an accepted op to the log: returns its sequence number, and the op
   * as a pull will serve it (what the op chain hashes; serialized once here).
   */
  appendOp(op: Op, receivedAt: number, skewMs: number): Promise<AppendedOp>;
  /** Stores an entity's head (see getEntity); a whole state is stored as given. */
  putEntity(type: EntityType, state: AnyEntityState): Promise<void>;
  /** Appends entries to an entity's growing lists, in order, as added by the op at `seq`. */
  appendEntries(type: EntityType, id: string, work: string, seq: number, entries: ListEntries): Promise<void>;
  recordRejection(op: { id: string; work: string; actor: string; device: string }, body: unknown, reason: Rejection, receivedAt: number): Promise<void>;
  addMember(m: NewMember): Promise<void>;
  addInvite(invite: Invite, now: number): Promise<void>;
  /** Records a notification event with the op that caused it (an event key seen before is kept as it was). */
  addNotifyEvent(event: NotifyEventRow): Promise<void>;
  /** "After" photos attached to an issue and not retracted (a fix counts only with one: provesFix in src/core). */
  countAfterPhotos(work: string, issueId: string): Promise<number>;
  /** Records that a work references a blob (so its members may download it, and its devices upload it). */
  addBlobRef(ref: BlobRef, work: string): Promise<void>;
  /**
   * Counts a blob's `size` bytes in the work's storage unless that takes the work's charged
   * total past `limitBytes`. True if the blob is charged (now, or before); false if over the limit.
   * Run inside the write transaction, so two uploads cannot both take the last room.
   */
  chargeBlob(hash: string, work: string, size: number, limitBytes: number, now: number): Promise<boolean>;
  /**
   * The next short number of the work's issues (1, 2, 3…), recorded for this issue: an issue.create being
   * accepted takes it. Numbers of one work are unique (the database refuses a second holder of one) and
   * taken in the order the work's write transactions run; a transaction rolled back gives its numbers back.
   */
  numberIssue(work: string, issueId: string): Promise<number>;
  /** Runs fn in a nested transaction: if fn throws, its writes are undone and the error passes on. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

/** An entity a transaction will read: see findResults(). */
export interface EntityKey {
  type: EntityType;
  id: string;
}

/**
 * What a write transaction may touch. With a work, it may append ops, links and entities of that work
 * only, and runs beside transactions of other works (PostgreSQL); without, it runs alone. A transaction
 * of one work may be run again if it lost a race to another work's writer (an op id or an entity id
 * taken meanwhile), so its function must have no effect outside the transaction.
 */
export interface TransactionScope {
  work?: string;
}

/**
 * Write transactions since the store opened: how long they waited for their turn (the writers' queue,
 * BEGIN and, on PostgreSQL, the work's lock) and how long they held it. Read by the load benchmark.
 */
export interface WriteStats {
  transactions: number;
  waitMs: number;
  heldMs: number;
}

export interface PulledPage {
  /** Each op serialized as JSON with its seq, ready to be joined into a response. */
  opsJson: string[];
  lastSeq: number;
  hasMore: boolean;
  /** Ops of the work after this page (0 when none): lets a device show progress. */
  remaining: number;
}

export interface Store extends ResidentReads {
  /** Runs fn in a transaction; resolves only after the commit is durable. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, scope?: TransactionScope): Promise<T>;
  /** The notification outbox, its deliveries and settings (sync-server/notify/). */
  readonly notify: NotifyStore;
  pull(work: string, after: number, limit: number): Promise<PulledPage>;
  /** Highest seq ever assigned (0 when empty): a cursor above it means the device knew another server. */
  maxSeq(): Promise<number>;
  /** The id and work of the op stored at `seq`, if any: proves a device's cursor points into its work's log. */
  opAt(seq: number): Promise<{ id: string; work: string } | null>;
  /** The device of a token, unless unknown or revoked (expiry is judged by the caller, auth.ts). */
  authenticate(tokenHash: string): Promise<DeviceRecord | null>;
  /** The work's reference to a blob, if an accepted op of the work names it. */
  blobRef(hash: string, work: string): Promise<WorkBlobRef | null>;
  /** Removes a member's devices from the work: their next request is refused (401). */
  revokeMember(memberId: string, now: number): Promise<void>;
  findInvite(code: string): Promise<Invite | null>;
  listInvites(work: string): Promise<Invite[]>;
  countWorks(): Promise<number>;
  /** The materialized state of every entity of a work, growing lists joined back (for reviews and consistency checks). */
  listEntities(work: string): Promise<Array<{ type: EntityType; state: AnyEntityState }>>;
  close(): Promise<void>;
  writeStats(): WriteStats;

  // --- Works, members and roles ---
  /** Whether this token belonged to a device that staff revoked (so the device can be told in words). */
  isRevokedToken(tokenHash: string): Promise<boolean>;
  /** Notes when a device was last heard from. */
  touchDevice(tokenHash: string, now: number): Promise<void>;
  listMembers(work: string): Promise<MemberInfo[]>;
  listInviteInfo(work: string): Promise<InviteInfo[]>;
  findAccount(login: string): Promise<Account | null>;
  /** The members an account is (one per work it belongs to), except those staff removed. */
  membersOfAccount(accountId: string): Promise<MemberRow[]>;
  listAudit(): Promise<AuditRow[]>;
  opChain(work: string): Promise<OpLink[]>;
  /**
   * The stored token hashes (the keys its rescue files are signed with) of one device of a member of
   * `work`, newest first, revoked and expired ones included: a phone that can no longer sync is what
   * rescue files are for. At most RESCUE_KEYS_MAX (a device gets a new token each time it rejoins).
   */
  tokenHashesOfDevice(work: string, memberId: string, deviceId: string): Promise<string[]>;
  /**
   * The first seq from which every op of the work must have its link (op-chain.ts): the work's own
   * start, else the one for every work whose chain began after migration 006; null when neither is
   * recorded (removed: the check then fails).
   */
  opChainStart(work: string): Promise<number | null>;
}

/** How many of a device's tokens a rescue import tries (the newest): bounds its work per request. */
export const RESCUE_KEYS_MAX = 20;
