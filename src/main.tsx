import { render } from 'solid-js/web';
import { App } from './App';
import { loadIdentity } from './app-state';
import { initLocale } from './i18n';
import { registerServiceWorker } from './pwa';
import { syncEngine } from './sync/engine';
import './styles.css';

async function boot(): Promise<void> {
  await Promise.all([initLocale(), loadIdentity()]);
  const root = document.getElementById('root')!;
  root.textContent = '';
  render(() => <App />, root);
  syncEngine.start();
  registerServiceWorker();
}

void boot();
