/** The outbox's writer: the event an accepted op causes, recorded in that op's own transaction. */
import type { AnyEntityState, IssueState, Op } from '../../src/core';
import { eventOfOp } from '../../src/core/notify';
import type { StoreTx } from '../store';

/**
 * One row, keyed by the op's id, in the same transaction as the op: a push that commits has its
 * event, one that rolls back has none, and sending (the notifier) happens after the commit.
 */
export async function recordNotifyEvent(tx: StoreTx, op: Op, before: AnyEntityState | undefined, after: AnyEntityState, now: number): Promise<void> {
  if (op.entity !== 'issue') return;
  const event = eventOfOp(op, before as IssueState | undefined, after as IssueState);
  if (!event) return;
  await tx.addNotifyEvent({ key: op.id, work: op.work, kind: event.kind, issue: event.issue, body: JSON.stringify(event), createdAt: now });
}
