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
  const [chosen, setChosen] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);

  const start = async (e: SubmitEvent) => {
    e.preventDefault();
    const template = templates().find((x) => x.id === (chosen() || templates()[0]?.id));
    if (!template) return;
    try {
      const id = await startInspection(props.work, template, props.pointId);
      navigate(`/w/${props.work}/inspections/${id}`);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  return (
    <section aria-labelledby="point-inspections-h">
      <h2 id="point-inspections-h">{tc('cl.pointInspections')}</h2>
      <Show when={member() && member()!.role !== 'liaison' && templates().length > 0}>
        <form class="form" onSubmit={start}>
          <label class="field">
            <span class="label">{tc('cl.chooseTemplate')}</span>
            <select value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
              <For each={templates()}>{(tpl) => <option value={tpl.id}>{latestVersion(tpl).name}</option>}</For>
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
