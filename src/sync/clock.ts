/**
 * The device's hybrid logical clock, kept in the meta table so that every tab
 * and every restart continues from the last stamp (never backwards).
 */
import { type HlcState, encodeStamp, initialClock, receive, tick } from '../core';
import type { SitewatchDB } from '../db/db';

const KEY = 'clock';

async function load(db: SitewatchDB, deviceId: string): Promise<HlcState> {
  const row = await db.meta.get(KEY);
  const clock = row?.value as HlcState | undefined;
  return clock && clock.node === deviceId ? clock : initialClock(deviceId);
}

/** Must run inside a Dexie transaction that includes db.meta. */
export async function nextStamp(db: SitewatchDB, deviceId: string, now: number): Promise<string> {
  const t = tick(await load(db, deviceId), now);
  await db.meta.put({ key: KEY, value: t.clock });
  return t.stamp;
}

/** Advance past a stamp seen elsewhere, or past the server's time. */
export async function observeRemote(db: SitewatchDB, deviceId: string, stamp: string | number, now: number): Promise<void> {
  const remote = typeof stamp === 'number' ? encodeStamp({ wall: stamp, counter: 0, node: 'server' }) : stamp;
  await db.transaction('rw', db.meta, async () => {
    const clock = await load(db, deviceId);
    const next = receive(clock, remote, now);
    if (next.wall !== clock.wall || next.counter !== clock.counter) await db.meta.put({ key: KEY, value: next });
  });
}
