/** On an issue raised by an inspection: which checklist item failed, its photos, and a link to the inspection. */
import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { answerTo, findItem } from '../../core';
import { liveInspection, liveTemplates } from './queries';
import { AnswerPhotos } from './AnswerPhotos';
import { pinnedVersion } from './data';
import { tc } from './messages';

export const IssueSource: Component<{ work: string; source: { inspectionId: string; itemId: string } }> = (props) => {
  const inspection = liveInspection(() => props.source.inspectionId);
  const templates = liveTemplates(() => props.work);
  const version = () => (inspection() ? pinnedVersion(templates(), inspection()!) : undefined);
  const item = () => (version() ? findItem(version()!.body, props.source.itemId) : undefined);
  return (
    <div class="panel">
      <p>☑ {tc('cl.fromInspection', { template: version()?.name ?? '…', item: item()?.label ?? props.source.itemId })}</p>
      <AnswerPhotos
        ids={(inspection() && answerTo(inspection()!.answers, props.source.itemId))?.photos ?? []}
        work={props.work}
        itemLabel={item()?.label ?? ''}
      />
      <A class="btn" href={`/w/${props.work}/inspections/${props.source.inspectionId}`}>
        {tc('cl.openInspection')}
      </A>
    </div>
  );
};
