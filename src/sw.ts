/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell so the app opens with no
 * network, and serves index.html for every in-app route. The API is never
 * cached (sync answers must be fresh). A new version waits for the user's
 * consent (see src/pwa.ts) instead of skipping waiting on its own.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The residents' report page is not the app: a staff phone with the app installed still opens it as it is.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/resident(\.html)?$/] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes control at once, so the very first visit already works offline.
clientsClaim();

/**
 * Web Push (sync-server/notify/push.ts): the server's message, decrypted by the browser, shown as a
 * notification. Its tag is the delivery's key, so a message sent twice (a retry after a crash) shows once.
 */
self.addEventListener('push', (event) => {
  let data: { title?: string; body?: string; url?: string | null; tag?: string } = {};
  try {
    data = (event.data?.json() ?? {}) as typeof data;
  } catch {
    data = { title: event.data?.text() ?? '' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'Sitewatch', {
      body: data.body ?? '',
      tag: data.tag,
      icon: '/icon-192.png',
      data: { url: data.url ?? '/' },
    }),
  );
});

// A tap opens the issue (in a window of the app already open, else a new one); only the app's own paths.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const raw = (event.notification.data as { url?: string } | null)?.url ?? '/';
  const url = new URL(raw, self.location.origin);
  const target = url.origin === self.location.origin ? url.pathname + url.search : new URL(url.pathname, self.location.origin).pathname;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows[0];
      if (open) {
        await open.focus();
        await open.navigate(target).catch(() => null);
      } else await self.clients.openWindow(target);
    })(),
  );
});
