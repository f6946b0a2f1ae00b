/**
 * The work page: its links and banners.
 * In the app shell, so the English comes in a chunk of its own (./messages.en.ts), loaded with the language.
 */
import { catalog, translator } from '../../i18n';
import { formatTime, vocabulary } from '../../i18n/vocabulary';
const zh = {
  'work.newIssue': '记录居民投诉',
  'work.role': '您的身份：{role}',
  // Safari's 7-day limit, said where unsynced records are at stake (the install offer says it too).
  'stale.iosEviction': '在 iPhone 上，网页 7 天没打开，Safari 可能清掉它的数据，包括这些记录；添加到主屏幕后就不会。',
  'stale.banner': '有 {n} 条记录超过一天还没有同步。请连上网络；如果一直不行，请导出交给社区工作人员。',
  'points.photos': '{n} 张照片',
  'notify.open': '消息通知',
  'points.archived': '已归档的点位（{n}）',
  'points.archivedList': '已归档的点位',
  'admin.open': '管理工程（点位、邀请、成员）',
  'review.link': '工程概览与会议材料',
  'home.main': '常用',
  'home.todo': '我要处理的事',
  'home.more': '更多功能',
  'cl.nav': '检查表',
};

export type WorksKey = keyof typeof zh;
export const messages = catalog(zh, () => import('./messages.en').then((m) => m.en));
export const t = translator(messages, vocabulary);
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
