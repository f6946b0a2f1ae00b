/**
 * A plan image as a zoomable, pannable layer (Leaflet, CRS.Simple: plan
 * pixels, no tiles, no network) with pins, and taps reported in plan pixels.
 * Leaflet is imported here only: this module loads with the plan routes.
 */
import 'leaflet/dist/leaflet.css';
import './plans.css';
import L from 'leaflet';
import { type Component, createEffect, onCleanup, onMount } from 'solid-js';
import type { PlanPixel } from '../../core';
import { tp } from './messages';

/** The pin's touch box, centred on its spot: 44 px, the smallest a finger hits reliably (the dot inside is smaller). */
const PIN_BOX = 44;

export interface Pin {
  key: string;
  /** Shown next to the pin, and its accessible name. */
  label: string;
  at: PlanPixel;
  kind: 'point' | 'photo' | 'cp' | 'draft' | 'issue';
  /** A photo pin's label is for screen readers only (many photos would clutter the plan). */
  quiet?: boolean;
  /** Staff overview: a point's colour by its open issues (none / some / some overdue). */
  tone?: 'clear' | 'open' | 'late';
  /** A photo's direction on the plan (degrees clockwise from the plan's up), drawn as an arrow from its dot. */
  heading?: number;
}

export const PlanMap: Component<{
  url: string;
  width: number;
  height: number;
  label: string;
  /** The plan image's text alternative (its name). */
  imageAlt: string;
  pins: Pin[];
  /** Set while a tap means something (placing a point, a control point, a photo's spot). */
  onTap?: ((p: PlanPixel) => void) | undefined;
  /** A pin clicked (or Enter on it): the desk filters its list by that point. */
  onPin?: ((key: string) => void) | undefined;
  /** The pin of the row selected in a list beside the plan, drawn highlighted. */
  selected?: string | undefined;
}> = (props) => {
  let el!: HTMLDivElement;
  let map: L.Map | undefined;
  let layer: L.LayerGroup | undefined;
  // Image rows grow downwards; CRS.Simple's latitude grows upwards.
  const toLatLng = (p: PlanPixel) => L.latLng(props.height - p.y, p.x);

  onMount(() => {
    const bounds = L.latLngBounds([0, 0], [props.height, props.width]);
    map = L.map(el, { crs: L.CRS.Simple, minZoom: -5, maxZoom: 4, zoomSnap: 0.25, attributionControl: false, zoomControl: false, maxBounds: bounds.pad(0.5) });
    L.control.zoom({ zoomInTitle: tp('plan.zoomIn'), zoomOutTitle: tp('plan.zoomOut') }).addTo(map);
    L.imageOverlay(props.url, bounds, { alt: props.imageAlt }).addTo(map);
    map.fitBounds(bounds);
    layer = L.layerGroup().addTo(map);
    map.on('click', (e: L.LeafletMouseEvent) => {
      const x = e.latlng.lng;
      const y = props.height - e.latlng.lat;
      if (!props.onTap || x < 0 || y < 0 || x > props.width || y > props.height) return;
      props.onTap({ x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 });
    });
  });

  createEffect(() => {
    const pins = props.pins;
    const selected = props.selected;
    if (!layer) return;
    layer.clearLayers();
    for (const pin of pins) {
      const html = document.createElement('div');
      html.className = `plan-pin ${pin.kind}${pin.tone ? ` tone-${pin.tone}` : ''}${pin.key === selected ? ' selected' : ''}`;
      const dot = document.createElement('span');
      dot.className = 'dot';
      if (pin.heading !== undefined) {
        const arrow = document.createElement('span');
        arrow.className = 'heading';
        arrow.style.transform = `rotate(${pin.heading}deg)`; // CSSOM, which the CSP allows (a style attribute it would not)
        dot.append(arrow);
      }
      const name = document.createElement('span');
      name.className = pin.quiet ? 'visually-hidden' : 'name';
      name.textContent = pin.label; // text, never markup: names are user input
      html.append(dot, name);
      const marker = L.marker(toLatLng(pin.at), {
        icon: L.divIcon({ html, className: 'plan-pin-box', iconSize: [PIN_BOX, PIN_BOX] }),
        keyboard: true,
        interactive: true,
      }).addTo(layer);
      if (props.onPin) {
        marker.on('click', () => props.onPin?.(pin.key));
        // The marker takes the focus (keyboard: true) but Leaflet acts on a click only: Enter does the same.
        marker.getElement()?.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          props.onPin?.(pin.key);
        });
      }
    }
  });

  createEffect(() => el.classList.toggle('tapping', Boolean(props.onTap)));
  onCleanup(() => map?.remove());

  return <div ref={el} class="plan-map" role="application" aria-label={props.label} />;
};
