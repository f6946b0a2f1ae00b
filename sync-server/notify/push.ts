/**
 * Web Push where it works (an iPhone home-screen install since iOS 16.4, Android browsers outside
 * mainland China: Chrome's push service is Google's, blocked there). The web-push library does the
 * RFC 8291 payload encryption (aes128gcm) and the VAPID signature (RFC 8292); this module only keeps
 * the server's VAPID keys, checks where a subscription points, and sends the request with the same
 * bounded fetch as the other channels (a timeout, no redirects).
 *
 * The endpoint of a subscription is an address the device sends: the server POSTs only to https
 * addresses of the known push services (PUSH_SERVICE_HOSTS), so a device cannot make the server call
 * anything else. Tests add their loopback stand-in through `extraHosts`.
 */
import { createHash } from 'node:crypto';
import webpush from 'web-push';
import type { RenderedMessage } from '../../src/core/notify-text';
import { SEND_TIMEOUT_MS, type SendResult } from './channels';
import type { NotifyStore, PushSubRow } from './notify-store-port';

/** The push services of the browsers that matter here, by host name suffix. */
export const PUSH_SERVICE_HOSTS = [
  '.push.apple.com', // Safari and home-screen apps on iOS 16.4+ and macOS
  'fcm.googleapis.com', // Chrome, Edge and most Android browsers (blocked in mainland China)
  '.push.services.mozilla.com', // Firefox
  '.notify.windows.com', // older Edge
] as const;

/** Extra allowed endpoints (origins, e.g. `http://127.0.0.1:1234`), for a local stand-in in tests. */
export type PushHosts = readonly string[];

/** Whether the server may POST to this endpoint: https on a known push service, or one of `extraOrigins` exactly. */
export function allowedEndpoint(endpoint: string, extraOrigins: PushHosts = []): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (extraOrigins.includes(url.origin)) return true;
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return PUSH_SERVICE_HOSTS.some((h) => (h.startsWith('.') ? host.endsWith(h) : host === h));
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** The server's VAPID keys: made the first time they are asked for and kept in the database (never sent but the public half). */
export async function vapidKeys(store: NotifyStore, now: number): Promise<VapidKeys> {
  return JSON.parse(await store.serverKey('vapid', () => JSON.stringify(webpush.generateVAPIDKeys()), now)) as VapidKeys;
}

/** What the service worker gets (sw.ts shows it): the title, the first lines, the link, and the key as the tag (a repeat replaces, not adds). */
export interface PushPayload {
  title: string;
  body: string;
  url: string | null;
  tag: string;
}

export interface PushOptions {
  keys: VapidKeys;
  /** VAPID subject: an https: or mailto: address the push service may contact (SITEWATCH_VAPID_SUBJECT). */
  subject: string;
  extraOrigins?: PushHosts;
}

/** A push service's topic header allows 32 base64url characters: a digest of the key, so a resend replaces the undelivered one. */
const topicOf = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/** Sends one message to one subscription. A 404 or 410 means the subscription is gone (`gone`): forget it. */
export async function sendPush(
  sub: PushSubRow,
  key: string,
  message: RenderedMessage,
  link: string | null,
  opts: PushOptions,
): Promise<SendResult & { gone?: boolean }> {
  if (!allowedEndpoint(sub.endpoint, opts.extraOrigins)) return { ok: false, permanent: true, error: 'push address is not a known push service', gone: true };
  const payload: PushPayload = { title: message.title, body: message.text.split('\n').slice(1, 4).join('\n').slice(0, 300), url: link, tag: key };
  let details: webpush.RequestDetails;
  try {
    details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify(payload), {
      vapidDetails: { subject: opts.subject, publicKey: opts.keys.publicKey, privateKey: opts.keys.privateKey },
      contentEncoding: 'aes128gcm',
      TTL: 24 * 3600,
      topic: topicOf(key),
    });
  } catch (err) {
    // A subscription whose keys are not a P-256 point and a 16-byte secret cannot be encrypted to: it never will be.
    return { ok: false, permanent: true, error: `push subscription unusable: ${(err as Error).message.slice(0, 200)}`, gone: true };
  }
  let res: Response;
  try {
    res = await fetch(details.endpoint, {
      method: 'POST',
      headers: details.headers as Record<string, string>,
      body: new Uint8Array(details.body as Buffer),
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, permanent: false, error: `could not reach ${new URL(sub.endpoint).host}: ${e.cause?.code ?? e.message}` };
  }
  const text = (await res.text()).slice(0, 300);
  if (res.status >= 200 && res.status < 300) return { ok: true };
  if (res.status === 404 || res.status === 410) return { ok: false, permanent: true, error: `HTTP ${res.status}: subscription expired`, gone: true };
  const permanent = res.status >= 300 && res.status < 500 && res.status !== 408 && res.status !== 429;
  return { ok: false, permanent, error: `HTTP ${res.status}: ${text}` };
}
