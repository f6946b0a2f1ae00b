/**
 * The issue page's own messages, zh-CN and en: the status moves' buttons and forms, and merging duplicates (#6).
 * They load with the issue page (lazy), not with the app shell, whose size has a budget (tests/bench/bundle-size.ts).
 */
import { locale } from '../../i18n';

const zh = {
  'transition.acknowledged': '确认受理',
  'transition.in_progress': '开始整改',
  'transition.resolved': '标记已整改',
  'transition.verified': '核实已整改',
  'transition.reopened': '重新打开',
  'transition.disputed': '提出异议',
  'transition.rejected': '不予采纳',
  'transition.reported': '退回',
  'transition.merged': '合并到另一条问题',
  'issue.afterPhotoHint': '请拍一张整改后的照片，证明已经修好。',
  'issue.needAfterPhoto': '标记已整改需要至少一张整改后的照片。',
  'merge.target': '合并到哪一条问题',
  'merge.choose': '请选择…',
  'merge.none': '这个工程没有其他未办结的问题，无法合并。',
  'merge.pick': '请先选择要合并到的问题，再点确认。',
  'merge.mergedInto': '已合并到：',
  'merge.unknownTarget': '另一条问题（本机还没有收到它）',
};
const en: Record<keyof typeof zh, string> = {
  'transition.acknowledged': 'Acknowledge',
  'transition.in_progress': 'Start the fix',
  'transition.resolved': 'Mark as fixed',
  'transition.verified': 'Verify the fix',
  'transition.reopened': 'Reopen',
  'transition.disputed': 'Dispute',
  'transition.rejected': 'Reject',
  'transition.reported': 'Send back',
  'transition.merged': 'Merge into another issue',
  'issue.afterPhotoHint': 'Take a photo of the fixed spot: it proves the fix.',
  'issue.needAfterPhoto': 'Marking it fixed needs at least one "after" photo.',
  'merge.target': 'Merge into which issue',
  'merge.choose': 'Please choose…',
  'merge.none': 'This work has no other open issue to merge into.',
  'merge.pick': 'Choose the issue to merge into first, then confirm.',
  'merge.mergedInto': 'Merged into: ',
  'merge.unknownTarget': 'another issue (not on this device yet)',
};

/** Like t() of src/i18n, for the issue page's own messages (none takes parameters). */
export function ti(key: keyof typeof zh): string {
  return (locale() === 'zh-CN' ? zh : en)[key];
}
