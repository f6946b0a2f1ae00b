/** Who this device is: its id and the works it joined (loaded once at start). */
import { createSignal } from 'solid-js';
import { type Membership, addMembership, addMemberships, getDeviceId, getMemberships, getSetting, setSetting } from './lib/settings';

const [memberships, setMemberships] = createSignal<Membership[]>([]);
const [deviceId, setDeviceId] = createSignal('');
/** The work opened last ("/" opens it). Loaded with the rest, so the start page renders without waiting. */
const [lastWork, setLastWork] = createSignal<string | undefined>(undefined);
export { deviceId, lastWork, memberships };

export async function loadIdentity(): Promise<void> {
  const [id, list, last] = await Promise.all([getDeviceId(), getMemberships(), getSetting<string>('lastWork')]);
  setDeviceId(id);
  setMemberships(list);
  setLastWork(last);
}

export function rememberLastWork(work: string): void {
  setLastWork(work);
  void setSetting('lastWork', work).catch(() => undefined);
}

/** Told after a membership is saved (the sync engine: a work just joined starts syncing at once). */
const joinedListeners = new Set<() => void>();
export function onMembershipsAdded(listener: () => void): () => void {
  joinedListeners.add(listener);
  return () => joinedListeners.delete(listener);
}

export async function rememberMembership(m: Membership): Promise<void> {
  await addMembership(m);
  setMemberships(await getMemberships());
  joinedListeners.forEach((l) => l());
}

/** memberships from a sign-in or a new work. */
export async function rememberMemberships(list: Membership[]): Promise<void> {
  await addMemberships(list);
  setMemberships(await getMemberships());
  joinedListeners.forEach((l) => l());
}

/** re-read after the sync engine marked a work removed. */
export async function reloadMemberships(): Promise<void> {
  setMemberships(await getMemberships());
}

export function membershipFor(work: string): Membership | undefined {
  return memberships().find((m) => m.work === work);
}
