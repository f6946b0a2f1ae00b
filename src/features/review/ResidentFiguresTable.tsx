/** Residents' reports from the posters in figures (one definition: residentFigures), on the overview and in the meeting pack. */
import { type Component, Show } from 'solid-js';
import type { ResidentFigures } from '../../core';
import { formatDuration } from './format';
import { tr } from './messages';

export const ResidentFiguresTable: Component<{ figures: ResidentFigures }> = (props) => (
  <Show when={props.figures.received > 0}>
    <table class="figures" aria-label={tr('resident.title')}>
      <caption>{tr('resident.title')}</caption>
      <tbody>
        <tr>
          <th scope="row">{tr('resident.received')}</th>
          <td>{props.figures.received}</td>
        </tr>
        <tr>
          <th scope="row">{tr('resident.accepted')}</th>
          <td>{props.figures.accepted}</td>
        </tr>
        <tr>
          <th scope="row">{tr('resident.merged')}</th>
          <td>{props.figures.merged}</td>
        </tr>
        <tr>
          <th scope="row">{tr('resident.declined')}</th>
          <td>{props.figures.declined}</td>
        </tr>
        <tr classList={{ late: props.figures.waiting > 0 }}>
          <th scope="row">{tr('resident.waiting')}</th>
          <td>{props.figures.waiting}</td>
        </tr>
        <tr>
          <th scope="row">{tr('resident.medianResponse')}</th>
          <td>{formatDuration(props.figures.medianResponseMs)}</td>
        </tr>
      </tbody>
    </table>
  </Show>
);
