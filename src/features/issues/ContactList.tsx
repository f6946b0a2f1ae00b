/**
 * issues: residents' contacts for an issue, shown only to roles that may
 * read them. The server already leaves them out of other roles' pulls; the
 * check here also hides a volunteer's own contact while it waits to be sent.
 */
import { type Component, For, Show } from 'solid-js';
import { type Role, mayReadContact } from '../../core';
import { t } from './messages';
import { liveContacts } from './queries';

export const ContactList: Component<{ issueId: string; role: Role }> = (props) => {
  const contacts = liveContacts(() => props.issueId);
  const visible = () => contacts().filter((c) => mayReadContact(props.role, c));
  return (
    <Show when={visible().length > 0}>
      <section aria-label={t('contact.list')}>
        <h2>{t('contact.list')}</h2>
        <ul class="timeline">
          <For each={visible()}>
            {(c) => (
              <li>
                <Show when={!c.erased} fallback={<span class="muted">{t('contact.erased')}</span>}>
                  <strong>{c.name}</strong>{' '}
                  <Show when={c.phone}>
                    <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a>
                  </Show>
                  <br />
                  <span class="muted">{c.shareWithContractor ? t('contact.shared') : t('contact.notShared')}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
};
