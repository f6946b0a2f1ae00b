/**
 * Staff review (#8): the point timeline's messages, zh-CN and en, loaded with the point page
 * (lazy), not with the app shell.
 */
import { createTranslator } from '../../i18n';

const zh = {
  'tl.title': '时间线：照片、问题和检查',
  'tl.show': '显示',
  'tl.issues': '问题',
  'tl.inspections': '检查',
  'tl.from': '从（日期）',
  'tl.to': '到（日期）',
  'tl.author': '记录人',
  'tl.anyone': '所有人',
  'tl.none': '没有符合条件的记录。可以放宽日期或换一个筛选。',
  'tl.count': '显示 {n} / 共 {total} 条',
  'tl.issue': '问题 · {category} · {status}',
  'tl.inspection': '检查 · {name} · {status}',
  'tl.inspection.draft': '未提交',
  'tl.inspection.submitted': '已提交',
  'tl.by': '{name} · {time}',
};

type PointKey = keyof typeof zh;

const en: Record<PointKey, string> = {
  'tl.title': 'Timeline: photos, issues and inspections',
  'tl.show': 'Show',
  'tl.issues': 'Issues',
  'tl.inspections': 'Inspections',
  'tl.from': 'From (date)',
  'tl.to': 'To (date)',
  'tl.author': 'Recorded by',
  'tl.anyone': 'Anyone',
  'tl.none': 'Nothing matches. Widen the dates or choose another filter.',
  'tl.count': 'Showing {n} of {total}',
  'tl.issue': 'Issue · {category} · {status}',
  'tl.inspection': 'Inspection · {name} · {status}',
  'tl.inspection.draft': 'not submitted',
  'tl.inspection.submitted': 'submitted',
  'tl.by': '{name} · {time}',
};

/** Like t() of src/i18n, for this page's own messages. */
export const tl = createTranslator<PointKey>(zh, en);
