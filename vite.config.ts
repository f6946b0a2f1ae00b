import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';
import { precompress } from './scripts/precompress';

export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      // Our own worker (src/sw.ts): precache plus an app-shell route that skips /api.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // Registration is done in src/pwa.ts with workbox-window, to prompt before updating.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html}'],
      },
      // The worker in dev serves stale assets; the e2e tests run the production build.
      devOptions: { enabled: false },
      manifest: {
        id: '/',
        name: '工地监督 · 小区施工居民监督',
        short_name: '工地监督',
        description: '小区施工居民监督小组：检查、拍照、记录居民投诉，离线可用。',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f7f7f5',
        theme_color: '#0f766e',
        // Localized names (W3C manifest "translations"); browsers that ignore them use the zh-CN names.
        translations: {
          en: {
            name: 'Sitewatch · residents supervising works',
            short_name: 'Sitewatch',
            description: "Residents' supervision of works in the compound: checklists, photos, complaints, offline.",
          },
        },
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      } as Record<string, unknown>,
    }),
    // Last: brotli and gzip copies of everything the build wrote, the service worker included.
    precompress(),
  ],
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    target: 'es2020',
    sourcemap: false,
    // The app, and the residents' report page: a small page of its own (no Solid, no service worker).
    rolldownOptions: { input: { main: 'index.html', resident: 'resident.html' } },
  },
});
