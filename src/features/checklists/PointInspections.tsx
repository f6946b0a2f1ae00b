/** On a point's page: start an inspection here, and the inspections made here, newest first. */
import { useNavigate } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { latestVersion } from '../../core';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { livePointInspections, liveTemplates } from './queries';
import { saveErrorText } from '../../ui/save-error';
import { InspectionList } from './InspectionList';
import { startInspection } from './data';
import { tc } from './messages';

export const PointInspections: Component<{ work: string; pointId: string }> = (props) => {
  const navigate = useNavigate();
  const member = () => membershipFor(props.work);
  const templates = liveTemplates(() => props.work);
  const inspections = livePointInspections(() => props.pointId);
  // With one checklist there is nothing to choose; with several the person picks one, never a silent first.
  const [picked, setPicked] = createSignal('');
  const chosen = () => picked() || (templates().length === 1 ? templates()[0]!.id : '');
  const [error, setError] = createSignal<string | null>(null);
  let select: HTMLSelectElement | undefined;

  const start = async (e: SubmitEvent) => {
    e.preventDefault();
    const template = templates().find((x) => x.id === chosen());
    if (!template) {
      setError(tc('cl.chooseFirst'));
      select?.focus();
      return;
    }
    try {
      const id = await startInspection(props.work, template, props.pointId);
      navigate(`/w/${props.work}/inspections/${id}`);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  // Two templates of one name (a shipped one and staff's copy of it) are told apart by their version,
  // or a volunteer could not know which one they start.
  const optionLabel = (tpl: Parameters<typeof latestVersion>[0]) => {
    const latest = latestVersion(tpl);
    const twin = templates().some((o) => o.id !== tpl.id && latestVersion(o).name === latest.name);
    return twin ? `${latest.name}（${tc('cl.version', { n: latest.version })}）` : latest.name;
  };

  return (
    <section aria-labelledby="point-inspections-h">
      <h2 id="point-inspections-h">{tc('cl.pointInspections')}</h2>
      <Show when={member() && member()!.role !== 'liaison' && templates().length > 0}>
        <form class="form" onSubmit={start}>
          <label class="field">
            <span class="label">{tc('cl.chooseTemplate')}</span>
            <select
              ref={select}
              value={chosen()}
              aria-invalid={error() === tc('cl.chooseFirst')}
              onChange={(e) => {
                setPicked(e.currentTarget.value);
                setError(null);
              }}
            >
              <Show when={templates().length > 1}>
                <option value="" disabled>
                  {tc('cl.choosePrompt')}
                </option>
              </Show>
              <For each={templates()}>{(tpl) => <option value={tpl.id}>{optionLabel(tpl)}</option>}</For>
            </select>
          </label>
          <button type="submit" class="btn primary big">
            {tc('cl.startAt')}
          </button>
        </form>
        <ErrorAlert message={error()} />
      </Show>
      <InspectionList work={props.work} inspections={inspections()} templates={templates()} />
    </section>
  );
};
