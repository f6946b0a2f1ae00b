/**
 * issues: residents' contacts for an issue, shown only to roles that may
 * read them. The server already leaves them out of other roles' pulls; the
 * check here also hides a volunteer's own contact while it waits to be sent.
 * Staff can erase one on the resident's request (online: the server makes the
 * erase, which reaches every device that holds the contact).
 */
import { type Component, For, Show, createSignal } from 'solid-js';
import { type ContactEraseReason, type Role, mayReadContact } from '../../core';
import type { Membership } from '../../lib/settings';
import { adminApi } from '../../sync/admin-api';
import { t } from './messages';
import { liveContacts } from './queries';

const ERASED_TEXT: Record<ContactEraseReason, () => string> = {
  withdrawn: () => t('contact.erased'),
  retention: () => t('contact.erasedRetention'),
  request: () => t('contact.erasedRequest'),
};

export const ContactList: Component<{ issueId: string; member: Membership }> = (props) => {
  const contacts = liveContacts(() => props.issueId);
  const role = (): Role => props.member.role;
  const visible = () => contacts().filter((c) => mayReadContact(role(), c));
  const [asking, setAsking] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<{ ok: boolean; text: string } | null>(null);
  const erase = async (contactId: string) => {
    setAsking(null);
    try {
      await adminApi.eraseContact(props.member.token, contactId);
      setNote({ ok: true, text: t('contact.eraseDone') });
    } catch {
      setNote({ ok: false, text: t('contact.eraseFailed') });
    }
  };
  return (
    <Show when={visible().length > 0}>
      <section aria-label={t('contact.list')}>
        <h2>{t('contact.list')}</h2>
        <ul class="timeline">
          <For each={visible()}>
            {(c) => (
              <li>
                <Show when={!c.erased} fallback={<span class="muted">{ERASED_TEXT[c.erased!.reason]()}</span>}>
                  <strong>{c.name}</strong>{' '}
                  <Show when={c.phone}>
                    <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a>
                  </Show>
                  <br />
                  <span class="muted">{c.shareWithContractor ? t('contact.shared') : t('contact.notShared')}</span>
                  <Show when={role() === 'staff' && !c.syncPending}>
                    <div class="actions">
                      <Show
                        when={asking() === c.id}
                        fallback={
                          <button type="button" class="btn danger" onClick={() => setAsking(c.id)}>
                            {t('contact.erase')}
                          </button>
                        }
                      >
                        <span class="confirm" role="group" aria-label={t('contact.eraseQuestion')}>
                          <span>{t('contact.eraseQuestion')}</span>
                          <button type="button" class="btn danger" onClick={() => void erase(c.id)}>
                            {t('contact.eraseConfirm')}
                          </button>
                          <button type="button" class="btn" onClick={() => setAsking(null)}>
                            {t('contact.eraseCancel')}
                          </button>
                        </span>
                      </Show>
                    </div>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={note()}>
          {(n) => (
            <p class={n().ok ? 'flash' : 'banner warn'} role={n().ok ? 'status' : 'alert'}>
              {n().text}
            </p>
          )}
        </Show>
      </section>
    </Show>
  );
};
