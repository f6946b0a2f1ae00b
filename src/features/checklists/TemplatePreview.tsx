/**
 * A checklist as a volunteer will see it, from the editor's unsaved state: the same fields (ItemField),
 * answerable here so that items shown only after some answer appear as they will, but nothing is saved:
 * the answers live in this component and are gone when the preview closes.
 */
import { type Component, For, createMemo, createSignal } from 'solid-js';
import { type Answer, type Answers, type TemplateBody, answerTo, isFailed, visibleItemIds } from '../../core';
import { EMPTY_ANSWER } from './data';
import { ItemField } from './ItemField';
import { tc } from './messages';

export const TemplatePreview: Component<{ name: string; body: TemplateBody; work: string }> = (props) => {
  const [answers, setAnswers] = createSignal<Answers>({});
  const shown = createMemo(() => visibleItemIds(props.body, answers()));
  const answer = (itemId: string, patch: Partial<Answer>) =>
    setAnswers((all) => ({ ...all, [itemId]: { ...(answerTo(all, itemId) ?? EMPTY_ANSWER), ...patch } }));
  return (
    <section class="cl-preview" aria-label={tc('cl.preview.region', { name: props.name })}>
      <p class="muted">{tc('cl.preview.note')}</p>
      <h2>{props.name}</h2>
      <For each={props.body.sections}>
        {(section) => (
          <section aria-label={section.title}>
            <h3>{section.title}</h3>
            <For each={section.items.filter((i) => shown().has(i.id))}>
              {(item) => (
                <ItemField
                  item={item}
                  answer={answerTo(answers(), item.id)}
                  work={props.work}
                  canPhoto={false}
                  failed={isFailed(item, answerTo(answers(), item.id))}
                  onSave={async (patch) => void answer(item.id, patch)}
                />
              )}
            </For>
          </section>
        )}
      </For>
    </section>
  );
};
