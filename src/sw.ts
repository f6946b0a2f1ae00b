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
