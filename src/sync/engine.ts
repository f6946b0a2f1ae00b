/**
 * The sync loop. One tab leads (Web Locks); the others ask it to sync over a
 * BroadcastChannel and see its results through Dexie's live queries.
 *
 * A cycle, per joined work: push the outbox in bounded batches, then pull
 * pages after the cursor until the server has no more. Triggers: a local
 * change, app start, `online`, the page becoming visible, a timer, "sync now".
 * Failures retry with exponential backoff and jitter, independent of new
 * writes.
 */
import { LIMITS, type Op, type PullResponse, RULES_VERSION, encodeStamp } from '../core';
import { appDevice } from './device';
import { checkForUpdate } from '../pwa';
import type { SyncStateRow } from '../db/db';
import { type Membership, type StopReason, getMemberships, markRemoved, setMembershipRole } from '../lib/settings';
import { onMembershipsAdded, reloadMemberships } from '../app-state';
import { ApiError, type SyncApi, api } from './api';
import { uploadPending } from './blobs';
import { fetchPlanImages } from './plan-images'; // site plans
import { queueOriginals } from './originals'; // photo originals
import { observeRemote } from './clock';
import { listenForever } from './live';
import { takeBatch } from './batches';
import { type Device, upgradePendingOps, applyPulled, applyPushResults, defaultSyncState, resetWork } from './local';

const PUSH_BATCH = 200;
/** Half the server's body limit: room for the envelope and for JSON escaping. */
const PUSH_MAX_BYTES = 500_000;
/** The most the server returns per page: a fresh device's first sync takes as few transactions as it can. */
const PULL_PAGE = LIMITS.pullPageMax;
const PERIODIC_MS = 30_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const LEADER_LOCK = 'sitewatch-sync-leader';
const CHANNEL = 'sitewatch-sync';
const SENT_LOG_DAYS = 30;

async function setSyncState(device: Device, work: string, patch: Partial<SyncStateRow>): Promise<void> {
  const { db } = device;
  await db.transaction('rw', db.syncState, async () => {
    const cur = (await db.syncState.get(work)) ?? defaultSyncState(work);
    await db.syncState.put({ ...cur, ...patch });
  });
}

async function pushWork(device: Device, server: SyncApi, m: Membership): Promise<void> {
  const { db } = device;
  for (;;) {
    const pending = await db.outbox
      .where('work')
      .equals(m.work)
      .filter((e) => e.state === 'pending')
      .limit(PUSH_BATCH + 1)
      .sortBy('n');
    if (pending.length === 0) return;
    const batch = takeBatch(pending, PUSH_BATCH, PUSH_MAX_BYTES);
    const res = await server.push(
      m.token,
      batch.map((e) => e.op as Op),
    );
    await applyPushResults(db, m.work, res.results);
    await observeRemote(db, device.deviceId, res.serverTime, device.now());
    if (batch.length === pending.length) return;
  }
}

/** A pull request sent ahead, with the cursor it was sent from. */
type AskedPage = { after: number; afterId: string | null; page: Promise<PullResponse> };

async function pullWork(device: Device, server: SyncApi, m: Membership): Promise<void> {
  const { db } = device;
  let pulled = 0;
  const ask = (after: number, afterId: string | null): AskedPage => {
    const page = server.pull(m.token, after, afterId, PULL_PAGE);
    page.catch(() => {}); // awaited below, or dropped if storing the page before it fails
    return { after, afterId, page };
  };
  let next: AskedPage | null = null;
  for (;;) {
    const state = (await db.syncState.get(m.work)) ?? defaultSyncState(m.work);
    // The page asked for while the one before it was stored, if it was asked from the cursor stored since.
    const asked = next && next.after === state.cursor && next.afterId === state.cursorId ? next : ask(state.cursor, state.cursorId);
    next = null;
    let page;
    try {
      page = await asked.page;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'reset_required') {
        await resetWork(db, m.work);
        continue;
      }
      throw err;
    }
    // The next page travels (and the server reads it) while this one is stored: the cursor it is asked
    // from is the one applyPulled stores.
    if (page.hasMore) next = ask(page.cursor, page.cursorId ?? page.ops.at(-1)?.id ?? state.cursorId);
    pulled += page.ops.length;
    // The progress every tab shows is written with the page, in its transaction.
    const progress = page.ops.length ? { phase: 'pulling' as const, pulled, pullTotal: pulled + page.remaining } : {};
    await applyPulled(db, m.work, page.ops, page.cursor, page.cursorId, progress);
    // Ops come in server order, not clock order: advance past the highest stamp of the page and the
    // server's time, whichever is later (stamps compare as strings), in one clock write.
    const serverStamp = encodeStamp({ wall: page.serverTime, counter: 0, node: 'server' });
    await observeRemote(
      db,
      device.deviceId,
      page.ops.reduce((max, op) => (op.hlc > max ? op.hlc : max), serverStamp),
      device.now(),
    );
    if (!page.hasMore) return;
  }
}

/** One sync of one work: push the outbox, pull what is new, push what was written meanwhile. */
export async function syncWork(device: Device, server: SyncApi, m: Membership): Promise<void> {
  try {
    await setSyncState(device, m.work, { phase: 'pushing', pulled: 0, pullTotal: 0 });
    await pushWork(device, server, m);
    await setSyncState(device, m.work, { phase: 'pulling' });
    await pullWork(device, server, m);
    // Photos travel after the ops that describe them (an op may name a photo before its bytes arrive).
    await setSyncState(device, m.work, { phase: 'uploading' });
    await queueOriginals(device.db, m.work); // photo originals: only if the work asks for them
    await uploadPending(device.db, server, m);
    await fetchPlanImages(device.db, server, m); // site plans: on the device before anyone goes offline
    // A change made meanwhile goes out in this same cycle.
    await pushWork(device, server, m);
    await setSyncState(device, m.work, { phase: 'idle', lastSyncAt: device.now(), error: null });
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err), 0);
    const quota = err instanceof Error && (err.name === 'QuotaExceededError' || err.message.includes('QuotaExceeded'));
    await setSyncState(device, m.work, {
      phase: 'idle',
      error: { code: quota ? 'quota' : e.code, message: e.message, at: device.now() },
    }).catch(() => undefined);
    throw e;
  }
}

/**
 * answers that end syncing a work on this device, rather than being retried: staff removed it
 * (`revoked`), or its token went unused too long (`expired`: rejoin with an invite, or sign in).
 */
export function stopReason(err: unknown): StopReason | null {
  return err instanceof ApiError && (err.code === 'revoked' || err.code === 'expired') ? err.code : null;
}

export class SyncEngine {
  private leader = false;
  private running = false;
  private again = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  /** Live-update streams of the leading tab, by work. */
  private readonly streams = new Map<string, AbortController>();

  start(): void {
    const { db } = appDevice();
    // The sent log only needs to outlive a server restore from a recent backup.
    void db.sent
      .where('confirmedAt')
      .below(Date.now() - SENT_LOG_DAYS * 86_400_000)
      .delete();
    // Ops queued by an older version of the app go out under the current rules.
    void upgradePendingOps(db, RULES_VERSION, Date.now()).then(() => this.syncNow());
    // A local change asks for a sync itself once its transaction has committed (src/db/db.ts), and so
    // does a work just joined: no page calls syncNow after a write.
    db.onOutboxCommit(() => this.syncNow());
    onMembershipsAdded(() => this.syncNow());
    this.channel?.addEventListener('message', (e: MessageEvent<{ type: string }>) => {
      if (e.data?.type === 'sync-request' && this.leader) this.syncNow();
    });
    window.addEventListener('online', () => this.syncNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.syncNow();
    });
    if (navigator.locks?.request) {
      // Held for the life of the tab: when the leading tab closes, another takes over.
      void navigator.locks.request(LEADER_LOCK, () => {
        this.leader = true;
        this.syncNow();
        return new Promise<never>(() => {});
      });
    } else {
      // No Web Locks: every tab syncs; op ids keep the server free of duplicates.
      this.leader = true;
      this.syncNow();
    }
  }

  /** Ask for a sync as soon as possible (from any tab). */
  syncNow(): void {
    if (!this.leader) {
      this.channel?.postMessage({ type: 'sync-request' });
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), delayMs);
  }

  /** One live stream per joined work, opened by the leading tab only. */
  private ensureLiveStreams(memberships: Membership[]): void {
    for (const m of memberships) {
      if (this.streams.has(m.work)) continue;
      const ctrl = new AbortController();
      this.streams.set(m.work, ctrl);
      void listenForever(m, () => this.syncNow(), ctrl.signal);
    }
  }

  private async cycle(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    let ok = true;
    let retryAfterMs = 0;
    try {
      // a work this device was removed from is not synced again (no retry loop); its outbox stays for export.
      const memberships = (await getMemberships()).filter((m) => !m.removedAt);
      this.ensureLiveStreams(memberships);
      const device = appDevice();
      for (const m of memberships) {
        try {
          await syncWork(device, api, m);
          // a role staff changed arrives as a member.role op; the app follows it.
          const self = await device.db.members.get(m.memberId);
          if (self && self.role !== m.role) {
            await setMembershipRole(m.work, self.role);
            void reloadMemberships();
          }
        } catch (err) {
          const stop = stopReason(err);
          if (stop) {
            await markRemoved(m.work, Date.now(), stop);
            this.streams.get(m.work)?.abort();
            // Rejoining (after expiry) opens a stream with the new token.
            this.streams.delete(m.work);
            void reloadMemberships();
            continue;
          }
          ok = false;
          if (err instanceof ApiError && err.retryAfterS) retryAfterMs = Math.max(retryAfterMs, err.retryAfterS * 1000);
          // The server wants a newer app: fetch it; pending ops stay in the outbox and go after the update.
          if (err instanceof ApiError && err.code === 'outdated_client') checkForUpdate();
        }
      }
    } finally {
      this.running = false;
    }
    if (ok) this.failures = 0;
    else this.failures++;
    if (this.again) {
      this.again = false;
      this.schedule(0);
    } else if (ok) {
      this.schedule(PERIODIC_MS);
    } else {
      // Exponential backoff with "equal jitter" (a random delay in [cap/2, cap]), never sooner than the
      // server's Retry-After; a trigger (online, visible, sync now) cuts it short.
      const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(this.failures - 1, 10));
      this.schedule(Math.max(retryAfterMs, cap / 2 + Math.random() * (cap / 2)));
    }
  }
}

export const syncEngine = new SyncEngine();
