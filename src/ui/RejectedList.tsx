/**
 * Changes the server refused: kept with their reason and shown to their
 * author until dismissed, so that nothing disappears silently.
 */
import { type Component, For, Show } from 'solid-js';
import { type IssueStatus, ISSUE_STATUSES, type Op, type Rejection } from '../core';
import { type MessageKey, formatTime, t } from '../i18n/refusals';
import { dismissRejected, liveRejected, liveRejectedCount } from './live';

type RejectionCode = Rejection['code'];
type Params = Rejection['params'];

// A status named by the server: only a known one is looked up (a newer server's shows as itself).
const status = (s: string | undefined) => (s && (ISSUE_STATUSES as readonly string[]).includes(s) ? t(`status.${s as IssueStatus}`) : (s ?? '?'));
const plain = (key: MessageKey) => () => t(key);

/**
 * Every refusal in the person's language, saying what happened and what to do. A Record over the
 * codes with literal message keys, so that a code added to the core without a sentence here, or a
 * sentence missing in a language, fails to compile.
 */
const REJECTION_TEXT: Record<RejectionCode, (params: Params) => string> = {
  invalid: plain('rejected.reason.invalid'),
  outdated_client: plain('rejected.reason.outdated_client'),
  not_member: plain('rejected.reason.not_member'),
  wrong_actor: plain('rejected.reason.wrong_actor'),
  forbidden_role: plain('rejected.reason.forbidden_role'),
  server_only: plain('rejected.reason.server_only'),
  exists: plain('rejected.reason.exists'),
  unknown_entity: plain('rejected.reason.unknown_entity'),
  unknown_point: plain('rejected.reason.unknown_point'),
  invalid_transition: (p) => t('rejected.reason.invalid_transition', { from: status(p?.from), to: status(p?.to) }),
  missing_reason: plain('rejected.reason.missing_reason'),
  missing_planned_date: plain('rejected.reason.missing_planned_date'),
  not_reporter: plain('rejected.reason.not_reporter'),
  not_author: plain('rejected.reason.not_author'),
  retract_window: plain('rejected.reason.retract_window'),
  already_triaged: plain('rejected.reason.already_triaged'),
  group_failed: plain('rejected.reason.group_failed'),
  missing_after_photo: plain('rejected.reason.missing_after_photo'),
  planned_date_past: plain('rejected.reason.planned_date_past'),
  // checklists
  unknown_template: plain('rejected.reason.unknown_template'),
  unknown_version: plain('rejected.reason.unknown_version'),
  stale_version: () => t('cl.reason.stale_version'),
  unknown_item: plain('rejected.reason.unknown_item'),
  invalid_answer: plain('rejected.reason.invalid_answer'),
  incomplete: () => t('cl.reason.incomplete'),
  inspection_closed: () => t('cl.reason.inspection_closed'),
  raised_mismatch: plain('rejected.reason.raised_mismatch'),
  issue_closed: (p) => t('rejected.reason.issue_closed', { status: status(p?.from) }),
  comment_limit: (p) => t('rejected.reason.comment_limit', { limit: p?.limit ?? '?' }),
  answer_limit: (p) => t('rejected.reason.answer_limit', { limit: p?.limit ?? '?' }),
};

export function rejectionText(reason: Rejection): string {
  // A code from a newer server than this app: a sentence that says to update, not the server's English.
  const text = Object.hasOwn(REJECTION_TEXT, reason.code) ? REJECTION_TEXT[reason.code] : undefined;
  return text ? text(reason.params) : t('rejected.reason.other');
}

function kindLabel(op: Op): string {
  const named = ['issue.create', 'issue.edit', 'issue.transition', 'issue.comment'] as const;
  return t((named as readonly string[]).includes(op.kind) ? `rejected.kind.${op.kind as (typeof named)[number]}` : 'rejected.kind.other');
}

export const RejectedList: Component = () => {
  const rejected = liveRejected();
  return (
    <Show when={rejected().length > 0}>
      <section id="rejected" aria-labelledby="rejected-h">
        <h2 id="rejected-h">{t('rejected.title')}</h2>
        <p>{t('rejected.intro')}</p>
        <ul class="cards">
          <For each={rejected()}>
            {(r) => (
              <li class="panel">
                <p>
                  <strong>{t('rejected.what', { kind: kindLabel(r.op), subject: r.subject.slice(0, 60) })}</strong>
                </p>
                <p>{rejectionText(r.reason)}</p>
                <p class="muted">{formatTime(r.rejectedAt)}</p>
                <button type="button" class="btn" onClick={() => void dismissRejected(r.id)}>
                  {t('rejected.dismiss')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
};

/** A line on the work's page when some of this device's changes were refused. */
export const RejectedBanner: Component<{ work: string }> = (props) => {
  const count = liveRejectedCount(() => props.work);
  return (
    <Show when={count() > 0}>
      <p class="banner warn" role="status">
        {t('rejected.banner', { n: count() })} · <a href="/settings#rejected">{t('rejected.view')}</a>
      </p>
    </Show>
  );
};
