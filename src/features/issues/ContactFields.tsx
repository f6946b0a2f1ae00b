/** issues: the resident's name, phone and consent, in the complaint form. */
import type { Component } from 'solid-js';
import { t } from './messages';
import type { ContactInput } from './contact-form';

export const ContactFields: Component<{ value: ContactInput; onChange: (c: ContactInput) => void }> = (props) => (
  <fieldset class="contact">
    <legend class="label">{t('contact.title')}</legend>
    <p class="muted small">{t('contact.hint')}</p>
    <label class="field">
      <span class="label">{t('contact.name')}</span>
      <input
        name="resident-name"
        autocomplete="off"
        value={props.value.name}
        onInput={(e) => props.onChange({ ...props.value, name: e.currentTarget.value })}
      />
    </label>
    <label class="field">
      <span class="label">{t('contact.phone')}</span>
      <input
        name="resident-phone"
        type="tel"
        inputmode="tel"
        autocomplete="off"
        value={props.value.phone}
        onInput={(e) => props.onChange({ ...props.value, phone: e.currentTarget.value })}
      />
    </label>
    <label class="choice">
      <input type="checkbox" checked={props.value.share} onChange={(e) => props.onChange({ ...props.value, share: e.currentTarget.checked })} />
      <span>{t('contact.share')}</span>
    </label>
  </fieldset>
);
