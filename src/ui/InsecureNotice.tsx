/**
 * A page opened over plain http (a LAN address such as http://192.168.1.5:8080, not localhost) is not
 * a secure context: the browser gives it no service worker (so no offline use, no install) and no
 * crypto.subtle. Say so on every page, above anything the person would type, with the way out.
 */
import { type Component, Show } from 'solid-js';
import { t } from './messages';

/** The same page on https at the default port, where a proxy such as Caddy usually serves it. */
function httpsAddress(): string {
  const { hostname, pathname, search, hash } = window.location;
  return `https://${hostname}${pathname}${search}${hash}`;
}

export const InsecureNotice: Component = () => (
  <Show when={!window.isSecureContext}>
    <section class="banner warn insecure" aria-labelledby="insecure-title">
      <p id="insecure-title">
        <strong>{t('insecure.title')}</strong>
      </p>
      <p>{t('insecure.body')}</p>
      <p>{t('insecure.ask')}</p>
      <a class="btn" href={httpsAddress()}>
        {t('insecure.tryHttps')}
      </a>
    </section>
  </Show>
);
