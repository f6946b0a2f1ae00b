import { createEffect, createRoot } from 'solid-js';
import { render } from 'solid-js/web';
import { App, WorkPage } from './App';
import { loadIdentity } from './app-state';
import { initLocale } from './i18n';
import { t } from './i18n/vocabulary';
import { registerServiceWorker, watchInstall } from './pwa';
import { watchFirstRecord } from './ui/InstallOffer';
import { applyTextSize } from './ui/text-size';
import './styles.css';

// Before the first paint: large text must not arrive after the page was drawn small.
applyTextSize();

/**
 * What the first screen does not need, fetched as soon as it showed: the sync engine (and with it
 * Dexie and the op rules), the service worker, and a member's home screen. The first screen stays
 * small for a cheap phone on a weak link; the rest is on its way before anybody taps.
 */
function afterFirstScreen(): void {
  // For the first-screen budget test: what was fetched before this mark is the first screen.
  performance.mark('sitewatch:first-screen');
  void import('./sync/engine').then(({ syncEngine }) => syncEngine.start());
  void registerServiceWorker();
  void WorkPage.preload();
  watchFirstRecord();
}

async function boot(): Promise<void> {
  // Before anything awaits: Chrome may fire beforeinstallprompt early.
  watchInstall();
  await Promise.all([initLocale(), loadIdentity()]);
  // The tab's title follows the language.
  createRoot(() => createEffect(() => (document.title = t('app.name'))));
  const root = document.getElementById('root')!;
  root.textContent = '';
  render(() => <App />, root);
  // After the browser painted the first screen (a frame, then a task); a tab opened in the
  // background gets no frames, so a timer makes sure sync starts there too.
  let started = false;
  const once = () => {
    if (started) return;
    started = true;
    afterFirstScreen();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 1000);
}

void boot();
