/** "Open in a map app" for a stored position: links to 高德, 百度 and Apple Maps, each in its own coordinates. */
import { type Component, For } from 'solid-js';
import type { LatLng } from '../core/coords';
import { t } from './coordinate-messages';
import { mapLinks } from './map-links';

export const MapLinks: Component<{ at: LatLng; name: string }> = (props) => (
  <details class="map-links">
    <summary>{t('map.open')}</summary>
    <ul>
      <For each={mapLinks(props.at, props.name)}>
        {(link) => (
          <li>
            <a href={link.href} target="_blank" rel="noopener noreferrer">
              {t(`map.${link.app}`)}
            </a>
          </li>
        )}
      </For>
    </ul>
  </details>
);
