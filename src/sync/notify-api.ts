/** The notification settings API: a member's own preferences and in-app list; staff's channels and delivery log. Online only. */
import type { Channel, DeliveryLogEntry, NotifyEventKind, NotifyPrefs, NotifySettings, PushSubscriptionJson, PutChannelRequest } from '../core/notify';
import { call } from './api';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;
const browserFetch: Fetch = (input, init) => fetch(input, init);

/** A channel as staff see it: secrets masked. */
export type MaskedChannels = Record<Channel, Record<string, unknown> | null>;

export interface InboxItem {
  key: string;
  kind: NotifyEventKind;
  issue: string;
  /** The issue's short number ("#142"); absent for a summary and for an issue without one. */
  number?: number;
  category: string;
  urgent: boolean;
  at: number;
  read: boolean;
}

export function createNotifyApi(base = '', f: Fetch = browserFetch) {
  const send = <T>(method: string, path: string, token: string, body: unknown) => call<T>(f, `${base}${path}`, { method, body: JSON.stringify(body), token });
  const get = <T>(path: string, token: string) => call<T>(f, `${base}${path}`, { method: 'GET', token });
  return {
    prefs: (token: string) => get<{ prefs: NotifyPrefs }>('/api/notify/prefs', token),
    savePrefs: (token: string, prefs: NotifyPrefs) => send<{ prefs: NotifyPrefs }>('PUT', '/api/notify/prefs', token, prefs),
    inbox: (token: string) => get<{ items: InboxItem[]; unread: number }>('/api/notify/inbox', token),
    markRead: (token: string, upTo: number) => send<unknown>('POST', '/api/notify/inbox/read', token, { upTo }),
    channels: (token: string) => get<{ channels: MaskedChannels }>('/api/notify/channels', token),
    saveChannel: (token: string, req: PutChannelRequest) => send<{ channels: MaskedChannels }>('PUT', '/api/notify/channels', token, req),
    test: (token: string, channel: Channel) => send<{ ok: true } | { ok: false; error: string }>('POST', '/api/notify/channels/test', token, { channel }),
    pushState: (token: string) => get<{ publicKey: string; subscribed: boolean }>('/api/notify/push', token),
    savePush: (token: string, sub: PushSubscriptionJson) => send<{ subscribed: boolean }>('PUT', '/api/notify/push', token, sub),
    deletePush: (token: string) => call<{ subscribed: boolean }>(f, `${base}/api/notify/push`, { method: 'DELETE', token }),
    settings: (token: string) => get<{ settings: NotifySettings }>('/api/notify/settings', token),
    saveSettings: (token: string, settings: NotifySettings) => send<{ settings: NotifySettings }>('PUT', '/api/notify/settings', token, settings),
    deliveries: (token: string) => get<{ deliveries: DeliveryLogEntry[] }>('/api/notify/deliveries', token),
  };
}

export const notifyApi = createNotifyApi();
