/**
 * Latitude and longitude typed or pasted, with the system they came from. The app stores WGS-84;
 * coordinates from 高德/腾讯 (GCJ-02) or 百度 (BD-09) are converted on the way in, and the converted
 * value is shown before saving, so nobody has to know these systems exist to get the place right.
 */
import { type Component, For, Show } from 'solid-js';
import { COORD_SYSTEMS, type CoordSystem, FAR_FROM_PHONE_M, type LatLng, parseCoordinate, parseCoordinatePair, toWgs84 } from '../core/coords';
import { distanceM } from '../core/plan';
import { deviceLocationIfAllowed } from '../media/location';
import { t } from './coordinate-messages';

export interface TypedCoordinates {
  lat: string;
  lng: string;
  system: CoordSystem;
}

export const emptyCoordinates = (): TypedCoordinates => ({ lat: '', lng: '', system: 'wgs84' });

/** The typed position as WGS-84: null when both fields are empty, undefined when not a position. */
export function typedToWgs84(c: TypedCoordinates): LatLng | null | undefined {
  const lat = parseCoordinate(c.lat, 90);
  const lng = parseCoordinate(c.lng, 180);
  if (lat === null && lng === null) return null;
  if (lat === null || lng === null || lat === undefined || lng === undefined) return undefined;
  return toWgs84({ lat, lng }, c.system);
}

export const CoordinateFields: Component<{
  value: TypedCoordinates;
  onChange: (next: TypedCoordinates) => void;
  /** Form field names (tests and autofill find the fields by them). */
  names?: { lat: string; lng: string };
}> = (props) => {
  const set = (patch: Partial<TypedCoordinates>) => props.onChange({ ...props.value, ...patch });

  // Map pickers copy both numbers at once: split a pasted pair into the two fields.
  const onPaste = (e: ClipboardEvent) => {
    const pair = parseCoordinatePair(e.clipboardData?.getData('text') ?? '');
    if (!pair) return;
    e.preventDefault();
    set({ lat: String(pair.lat), lng: String(pair.lng) });
  };

  const converted = () => {
    if (props.value.system === 'wgs84') return null;
    const wgs = typedToWgs84(props.value);
    if (!wgs) return null;
    const typed = { lat: Number(parseCoordinate(props.value.lat, 90)), lng: Number(parseCoordinate(props.value.lng, 180)) };
    return { wgs, shift: Math.round(distanceM(wgs, typed)) };
  };

  return (
    <div class="coords">
      <label class="field">
        <span class="label">{t('coord.system')}</span>
        <select value={props.value.system} onChange={(e) => set({ system: e.currentTarget.value as CoordSystem })}>
          <For each={COORD_SYSTEMS}>{(s) => <option value={s}>{t(`coord.system.${s}`)}</option>}</For>
        </select>
      </label>
      <div class="row2">
        <label class="field">
          <span class="label">{t('coord.lat')}</span>
          <input name={props.names?.lat} inputmode="decimal" value={props.value.lat} onPaste={onPaste} onInput={(e) => set({ lat: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="label">{t('coord.lng')}</span>
          <input name={props.names?.lng} inputmode="decimal" value={props.value.lng} onPaste={onPaste} onInput={(e) => set({ lng: e.currentTarget.value })} />
        </label>
      </div>
      <Show when={converted()} fallback={<p class="hint">{t('coord.hint')}</p>}>
        {(c) => (
          <p class="hint" role="status">
            {t('coord.converted', { lat: c().wgs.lat.toFixed(6), lng: c().wgs.lng.toFixed(6), m: c().shift })}
          </p>
        )}
      </Show>
    </div>
  );
};

/**
 * A warning when a typed position lies over FAR_FROM_PHONE_M from the phone's own fix (only when the
 * phone may already tell its position): a wrong source system, swapped numbers or a typo. Null if near,
 * or if the phone's position is not known.
 */
export async function farFromPhoneWarning(wgs: LatLng): Promise<string | null> {
  const fix = await deviceLocationIfAllowed();
  if (!fix) return null;
  const d = distanceM(wgs, fix);
  return d > FAR_FROM_PHONE_M ? t('coord.far', { km: (d / 1000).toFixed(d < 10_000 ? 1 : 0) }) : null;
}
