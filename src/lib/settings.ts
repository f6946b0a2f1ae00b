/**
 * Small per-device settings in idb-keyval: the device id, the works this
 * device joined (with their tokens), the language, the last work opened.
 */
import { createStore, get, set, update } from 'idb-keyval';
import type { Role } from '../core';
import { newId } from './ids';

const store = createStore('sitewatch-settings', 'kv');

export interface Membership {
  work: string;
  workName: string;
  memberId: string;
  name: string;
  role: Role;
  token: string;
  joinedAt: number;
  /**
   * when the server refused this token for good (staff removed the device, or it went unused too long);
   * the work no longer syncs, its unsent work stays for export. Rejoining replaces the membership.
   */
  removedAt?: number;
  /** Why: `expired` may rejoin (an invite, or a staff sign-in) and keeps its unsent work; `revoked` may not. */
  removedBecause?: StopReason;
}

/** The answers after which a work stops syncing on this device. */
export type StopReason = 'revoked' | 'expired';

export async function getDeviceId(): Promise<string> {
  let id = await get<string>('deviceId', store);
  if (!id) {
    id = newId();
    await set('deviceId', id, store);
  }
  return id;
}

export async function getMemberships(): Promise<Membership[]> {
  return (await get<Membership[]>('memberships', store)) ?? [];
}

export async function addMembership(m: Membership): Promise<void> {
  await update<Membership[]>('memberships', (list = []) => [...list.filter((x) => x.work !== m.work), m], store);
}

// --- Works, members and roles ---

/** Several works at once (a password sign-in, a work just created), each with its own token. */
export async function addMemberships(list: Membership[]): Promise<void> {
  const works = new Set(list.map((m) => m.work));
  await update<Membership[]>('memberships', (old = []) => [...old.filter((x) => !works.has(x.work)), ...list], store);
}

/** Staff changed this member's role (a pulled member.role op): the app shows what the new role may do. */
export async function setMembershipRole(work: string, role: Role): Promise<void> {
  await update<Membership[]>('memberships', (old = []) => old.map((m) => (m.work === work ? { ...m, role } : m)), store);
}

export async function markRemoved(work: string, at: number, because: StopReason): Promise<void> {
  await update<Membership[]>(
    'memberships',
    (old = []) => old.map((m) => (m.work === work && !m.removedAt ? { ...m, removedAt: at, removedBecause: because } : m)),
    store,
  );
}

export async function getSetting<T>(key: 'locale' | 'lastWork'): Promise<T | undefined> {
  return get<T>(key, store);
}

export async function setSetting(key: 'locale' | 'lastWork', value: unknown): Promise<void> {
  await set(key, value, store);
}
