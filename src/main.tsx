import { createEffect, createRoot } from 'solid-js';
import { render } from 'solid-js/web';
import { App } from './App';
import { loadIdentity } from './app-state';
import { initLocale } from './i18n';
import { t } from './i18n/vocabulary';
import { registerServiceWorker, watchInstall } from './pwa';
import { syncEngine } from './sync/engine';
import { applyTextSize } from './ui/text-size';
import './styles.css';

// Before the first paint: large text must not arrive after the page was drawn small.
applyTextSize();

async function boot(): Promise<void> {
  // Before anything awaits: Chrome may fire beforeinstallprompt early.
  watchInstall();
  await Promise.all([initLocale(), loadIdentity()]);
  // The tab's title follows the language.
  createRoot(() => createEffect(() => (document.title = t('app.name'))));
  const root = document.getElementById('root')!;
  root.textContent = '';
  render(() => <App />, root);
  syncEngine.start();
  registerServiceWorker();
}

void boot();
