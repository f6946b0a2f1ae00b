/**
 * A work's site plans: the plan with its points and photo positions as
 * pins. Staff upload plans, pin them to GPS with two control points and
 * place points by tapping. Everything reads from the device: works offline.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { type Component, For, Match, Show, Switch, createEffect, createMemo, createSignal, on } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { type PlanPixel, type PlanState, isActivePoint, isShown, planGeoref } from '../../core';
import { tp } from './messages';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { flash, setFlash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { liveIssuesWithPlace, livePhotos, livePlansByAge, livePoints } from './queries';
import { saveErrorText } from '../../ui/save-error';
import { AddPlan } from './AddPlan';
import { ControlPoints, type Slot, slotsOf } from './ControlPoints';
import { type Pin, PlanMap } from './PlanMap';
import { createPlanImage } from './plan-image';
import { issuePins, photoPins, pointPins } from './plan-pins';

type Mode = 'view' | 'place' | 'cp';

export const PlanPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const [search, setSearch] = useSearchParams<{ plan?: string }>();
  const member = () => membershipFor(params.workId);
  const isStaff = () => member()?.role === 'staff';
  const plans = livePlansByAge(() => params.workId);
  const points = () => allPoints().filter(isActivePoint);
  const allPoints = livePoints(() => params.workId);
  const photos = livePhotos(() => params.workId);
  const plan = createMemo<PlanState | undefined>(() => plans().find((p) => p.id === search.plan) ?? plans()[0]);
  // Staff: open complaints reported at a place, as pins (with a list of links below the plan).
  const placedIssues = liveIssuesWithPlace(() => (isStaff() ? params.workId : ''));
  const issuesOnPlan = createMemo(() => (plan() && isStaff() ? issuePins(plan()!, placedIssues()) : []));
  const url = createPlanImage(
    () => params.workId,
    () => plan()?.hash,
  );

  const [mode, setMode] = createSignal<Mode>('view');
  const [pointId, setPointId] = createSignal('');
  const [slots, setSlots] = createSignal<Slot[]>(slotsOf(undefined));
  const [active, setActive] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  // Start the control point form from the plan's saved points, whenever another plan is shown.
  createEffect(
    on(
      () => plan()?.id,
      () => setSlots(slotsOf(plan())),
    ),
  );
  createEffect(() => {
    if (!pointId() && points().length) setPointId(points()[0]!.id);
  });

  const placed = createMemo(() => (plan() ? pointPins(plan()!, points()) : { pins: [], missing: [] }));
  const pins = createMemo<Pin[]>(() => {
    const p = plan();
    if (!p) return [];
    const all = [...placed().pins, ...photoPins(p, photos().filter(isShown)), ...issuesOnPlan()];
    if (mode() === 'cp') {
      slots().forEach((s, i) => s.plan && all.push({ key: `cp-${i}`, label: tp('plan.pin.cp', { n: i + 1 }), at: s.plan, kind: 'cp' }));
    }
    return all;
  });

  const place = async (at: PlanPixel) => {
    const m = member();
    const p = plan();
    const point = points().find((x) => x.id === pointId());
    if (!m || !p || !point) return;
    setError(null);
    try {
      await recordOp(appDevice(), m, { kind: 'point.place', entity: 'point', entityId: point.id, payload: { place: { planId: p.id, x: at.x, y: at.y } } });
      setFlash(tp('plan.place.done', { name: point.name }));
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  const onTap = () => {
    if (mode() === 'place') return (at: PlanPixel) => void place(at);
    if (mode() === 'cp')
      return (at: PlanPixel) => {
        const i = active();
        setSlots(slots().map((s, j) => (j === i ? { ...s, plan: at } : s)));
        if (i === 0 && !slots()[1]?.plan) setActive(1);
      };
    return undefined;
  };

  const scale = () => {
    const g = plan() && planGeoref(plan()!);
    return g ? g.scale.toFixed(2) : null;
  };

  return (
    <Page title={tp('plan.title')} work={params.workId} back={`/w/${params.workId}`}>
      <Show when={flash()}>
        <p class="flash" role="status">
          {flash()}
        </p>
      </Show>
      <Show when={plans().length > 1}>
        <div class="plan-tabs">
          <For each={plans()}>
            {(p) => (
              <button type="button" class="btn" aria-pressed={p.id === plan()?.id} onClick={() => setSearch({ plan: p.id })}>
                {p.name}
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show
        when={plan()}
        fallback={
          <p class="empty">
            {tp('plan.empty')} {isStaff() ? tp('plan.emptyStaff') : ''}
          </p>
        }
      >
        {(p) => (
          <>
            <h2>{p().name}</h2>
            <p class="muted small">{scale() ? tp('plan.georef.yes', { m: scale()! }) : tp('plan.georef.no')}</p>
            <Switch>
              <Match when={url.loading}>
                <p role="status">{tp('plan.loading')}</p>
              </Match>
              <Match when={url.error || !url()}>
                <p class="banner warn">{tp('plan.unavailable')}</p>
              </Match>
              <Match when={url()} keyed>
                {(u) => (
                  <PlanMap
                    url={u}
                    width={p().width}
                    height={p().height}
                    label={tp('plan.map', { name: p().name })}
                    imageAlt={p().name}
                    pins={pins()}
                    onTap={onTap()}
                  />
                )}
              </Match>
            </Switch>
            <Show when={pins().some((pin) => pin.kind === 'photo')}>
              <p class="muted small">{tp('plan.photoLegend')}</p>
            </Show>
            <Show when={issuesOnPlan().length > 0}>
              <section aria-labelledby="plan-issues-h">
                <h3 id="plan-issues-h">{tp('plan.issues', { n: issuesOnPlan().length })}</h3>
                <ul class="timeline" aria-labelledby="plan-issues-h">
                  <For each={placedIssues().filter((i) => issuesOnPlan().some((pin) => pin.key === `issue-${i.id}`))}>
                    {(i) => (
                      <li>
                        <A href={`/w/${params.workId}/issues/${i.id}`}>{i.description}</A>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>
            <Show when={placed().missing.length > 0}>
              <p class="muted small">
                {tp('plan.notOnPlan', {
                  names: placed()
                    .missing.map((x) => x.name)
                    .join('、'),
                })}
              </p>
            </Show>
            <Show when={isStaff()}>
              <div class="choices filter" role="radiogroup" aria-label={tp('plan.tools')}>
                <For each={['view', 'place', 'cp'] as const}>
                  {(m) => (
                    <label class="choice">
                      <input type="radio" name="plan-mode" checked={mode() === m} onChange={() => setMode(m)} />
                      <span>{tp(`plan.mode.${m}`)}</span>
                    </label>
                  )}
                </For>
              </div>
              <Show when={mode() === 'place'}>
                <div class="form panel">
                  <label class="field">
                    <span class="label">{tp('plan.place.point')}</span>
                    <select value={pointId()} onChange={(e) => setPointId(e.currentTarget.value)}>
                      <For each={points()}>{(pt) => <option value={pt.id}>{pt.name}</option>}</For>
                    </select>
                  </label>
                  <p class="hint">{tp('plan.place.hint')}</p>
                </div>
              </Show>
              <Show when={mode() === 'cp'}>
                <ControlPoints
                  plan={p()}
                  slots={slots()}
                  setSlots={setSlots}
                  active={active()}
                  setActive={setActive}
                  onSaved={() => {
                    setFlash(tp('plan.cp.saved'));
                    setMode('view');
                  }}
                />
              </Show>
            </Show>
            <ErrorAlert message={error()} />
          </>
        )}
      </Show>
      <Show when={isStaff()}>
        <AddPlan
          work={params.workId}
          onSaved={(id) => {
            setFlash(tp('plan.saved'));
            setSearch({ plan: id });
          }}
        />
      </Show>
    </Page>
  );
};
