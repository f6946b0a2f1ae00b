/**
 * Staff review: the point timeline's messages, zh-CN and en, loaded with the point page
 * (lazy), not with the app shell.
 */
import { catalog, translator } from '../../i18n';
import { shared } from '../../i18n/shared';
import { formatTime, vocabulary } from '../../i18n/vocabulary';

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
  'photo.saved': '照片已保存，有网络时会自动上传。',
  'photo.all': '全部',
  'photo.empty': '这个点位还没有照片。开工前请先拍下路面和绿化的原样。',
  'photo.takenAt': '拍摄于 {time}',
  'compare.title': '施工前后对比',
  'point.edit': '更正点位',
  'point.newName': '点位名称',
  'point.rename': '改名',
  'point.renamed': '已改名。有网络时会自动同步。',
  'point.nameNeeded': '请填写点位名称，再点“改名”。',
  'point.nameTooLong': '名称太长了（{n} 字），最多 {max} 字。请删减后再改名。',
  'point.nameSame': '名称没有变化：请先改一改，再点“改名”。',
  'point.archive': '归档这个点位（施工已结束）',
  'point.restore': '恢复这个点位',
  'point.archivedDone': '已归档：这个点位不再出现在列表和选择里，照片和记录都保留。',
  'point.restoredDone': '已恢复：这个点位重新出现在列表里。',
  'point.isArchived': '这个点位已归档：不再出现在列表和选择里，照片和记录都保留。',
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
  'photo.saved': 'Photo saved. It will upload by itself when there is a network.',
  'photo.all': 'All',
  'photo.empty': 'No photos of this point yet. Before works start, photograph the road and greenery as they are.',
  'photo.takenAt': 'Taken {time}',
  'compare.title': 'Before and after',
  'point.edit': 'Correct the point',
  'point.newName': 'Point name',
  'point.rename': 'Rename',
  'point.renamed': 'Renamed. It syncs when there is a network.',
  'point.nameNeeded': 'Write the point\'s name, then tap "Rename".',
  'point.nameTooLong': 'The name is too long ({n} characters); at most {max}. Shorten it, then rename.',
  'point.nameSame': 'The name is the same: change it first, then tap "Rename".',
  'point.archive': 'Archive this point (works finished)',
  'point.restore': 'Bring this point back',
  'point.archivedDone': 'Archived: the point is left out of lists and pickers; its photos and records stay.',
  'point.restoredDone': 'Brought back: the point is listed again.',
  'point.isArchived': 'This point is archived: left out of lists and pickers; its photos and records stay.',
};

export const messages = catalog(zh, en);
/** This feature's texts and the shared vocabulary. */
export const t = translator(messages, vocabulary, shared);
/** The same translator under the name this feature's files have long used. */
export const tl = t;
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
