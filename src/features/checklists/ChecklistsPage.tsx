/**
 * A work's checklists: its templates (each with its inspections
 * over time) and, for staff, the ready templates Sitewatch ships, to copy in.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { SHIPPED_TEMPLATES, type ShippedTemplate, allItems, latestVersion, shippedBody } from '../../core';
import { locale } from '../../i18n';
import { newId } from '../../lib/ids';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { flash, setFlash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { liveTemplate, liveTemplateInspections, liveTemplates } from './queries';
import { saveErrorText } from '../../ui/save-error';
import { InspectionList } from './InspectionList';
import { t, tc } from './messages';

export const ChecklistsPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const navigate = useNavigate();
  const member = () => membershipFor(params.workId);
  const isStaff = () => member()?.role === 'staff';
  const templates = liveTemplates(() => params.workId);
  const [error, setError] = createSignal<string | null>(null);
  const lang = () => (locale() === 'zh-CN' ? 'zh-CN' : 'en');
  const title = (s: ShippedTemplate) => s.title[lang() === 'zh-CN' ? 0 : 1];

  // A second copy of a shipped checklist gets a name of its own ("雨污管道铺设（2）"): two of one name
  // would look the same in the volunteer's picker.
  const freshName = (name: string) => {
    const taken = new Set(templates().map((t) => latestVersion(t).name));
    let fresh = name;
    for (let n = 2; taken.has(fresh); n++) fresh = `${name}（${n}）`;
    return fresh;
  };

  const copy = async (s: ShippedTemplate) => {
    const m = member();
    if (!m) return;
    setError(null);
    try {
      const id = newId();
      await recordOp(appDevice(), m, {
        kind: 'template.create',
        entity: 'template',
        entityId: id,
        payload: { name: freshName(title(s)), body: shippedBody(s, lang()), basedOn: s.key },
      });
      setFlash(tc('cl.copied'));
      navigate(`/w/${params.workId}/checklists/${id}/edit`);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  return (
    <Page title={tc('cl.title')} work={params.workId} back={`/w/${params.workId}`}>
      <Show when={flash()}>
        <p class="flash" role="status">
          {flash()}
        </p>
      </Show>
      <h2 id="tpl-h">{tc('cl.templates')}</h2>
      <Show when={templates().length > 0} fallback={<p class="empty">{tc('cl.noTemplates')}</p>}>
        <ul class="cards" aria-labelledby="tpl-h">
          <For each={templates()}>
            {(tpl) => (
              <li class="card card-tap">
                <span class="card-top">
                  {/* The whole card takes the tap (the link's box is stretched over it), not only the name. */}
                  <A href={`/w/${params.workId}/checklists/${tpl.id}`} class="category stretch">
                    {latestVersion(tpl).name}
                  </A>
                  <span class="muted">
                    {tc('cl.version', { n: latestVersion(tpl).version })} · {tc('cl.items', { n: allItems(latestVersion(tpl).body).length })}
                  </span>
                </span>
                <Show when={tpl.syncPending}>
                  <span class="sync-mark pending">{t('issue.pending')}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ErrorAlert message={error()} />
      <Show when={isStaff()}>
        <h2 id="lib-h">{tc('cl.library')}</h2>
        <p class="muted">{tc('cl.libraryHint')}</p>
        <ul class="cards" aria-labelledby="lib-h">
          <For each={SHIPPED_TEMPLATES}>
            {(s) => (
              <li>
                <button type="button" class="btn block" onClick={() => void copy(s)}>
                  {tc('cl.copy', { name: title(s) })}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </Page>
  );
};

/** One template: its versions, and every inspection made with it, newest first. */
export const TemplatePage: Component = () => {
  const params = useParams<{ workId: string; templateId: string }>();
  const member = () => membershipFor(params.workId);
  const template = liveTemplate(() => params.templateId);
  const templates = liveTemplates(() => params.workId);
  const inspections = liveTemplateInspections(() => params.templateId);
  return (
    <Page title={template() ? latestVersion(template()!).name : tc('cl.title')} work={params.workId} back={`/w/${params.workId}/checklists`}>
      <Show when={template()} fallback={<p class="empty">{tc('cl.notFound')}</p>}>
        {(tpl) => (
          <>
            <Show when={flash()}>
              <p class="flash" role="status">
                {flash()}
              </p>
            </Show>
            <p class="muted">
              {tc('cl.version', { n: latestVersion(tpl()).version })} · {tc('cl.items', { n: allItems(latestVersion(tpl()).body).length })}
            </p>
            <Show when={member()?.role === 'staff'}>
              <A class="btn block" href={`/w/${params.workId}/checklists/${tpl().id}/edit`}>
                ✎ {tc('cl.edit')}
              </A>
            </Show>
            <h2>{tc('cl.overTime')}</h2>
            <InspectionList work={params.workId} inspections={inspections()} templates={templates()} label={tc('cl.overTime')} />
          </>
        )}
      </Show>
    </Page>
  );
};
