/**
 * The shared vocabulary: words every feature shows the same way (the app's name, roles, issue statuses,
 * categories, severities, photo phases, times) and the few texts the app shell shares with a feature
 * (texts only lazy features share are in ./shared.ts). A feature's
 * translator includes it (translator(messages, vocabulary)), so t(`status.${s}`) works everywhere
 * and says the same thing everywhere. The app shell shows it, so its English is a chunk of its own.
 */
import { catalog, locale, translator, type Locale } from './index';

const zh = {
  'app.name': '工地监督',
  'join.title': '加入监督小组',
  'join.error.rate_limited': '尝试次数太多了，请 {s} 秒后再试。',
  'work.issues': '问题与投诉',
  'role.volunteer': '监督员',
  'role.liaison': '施工联络人',
  'role.staff': '社区工作人员',
  'category.label': '问题类别',
  'category.noise': '噪音扰民',
  'category.sewage': '污水 / 排水',
  'category.access': '出行受阻',
  'category.safety': '安全隐患',
  'category.dust': '扬尘',
  'category.greenery': '绿化 / 路面损坏',
  'category.parking': '停车',
  'category.other': '其他',
  'severity.label': '紧急程度',
  'severity.low': '一般',
  'severity.medium': '较重',
  'severity.high': '紧急',
  'status.reported': '已上报',
  'status.acknowledged': '已受理',
  'status.in_progress': '整改中',
  'status.resolved': '已整改待核实',
  'status.verified': '已核实',
  'status.disputed': '有异议',
  'status.reopened': '重新打开',
  'status.rejected': '未采纳',
  'status.merged': '已合并',
  'stale.action': '去导出',
  'points.title': '点位',
  'phase.label': '阶段',
  'phase.before': '施工前',
  'phase.during': '施工中',
  'phase.after': '施工后',
  'time.justNow': '刚刚',
  'time.minutes': '{n} 分钟前',
  'time.hours': '{n} 小时前',
  'plan.open': '🗺 查看平面图',
};

export type VocabularyKey = keyof typeof zh;
export const vocabulary = catalog(zh, () => import('./vocabulary.en').then((m) => m.en));
export const t = translator(vocabulary);

/** "3 min ago" for recent times, a local date-time otherwise. */
export function formatTime(ms: number, now = Date.now()): string {
  const diff = now - ms;
  if (diff < 60_000) return t('time.justNow');
  if (diff < 3_600_000) return t('time.minutes', { n: Math.floor(diff / 60_000) });
  if (diff < 12 * 3_600_000) return t('time.hours', { n: Math.floor(diff / 3_600_000) });
  return dateTimeFormat(locale()).format(ms);
}

// One formatter per language: toLocaleString builds a new Intl.DateTimeFormat per call, which made a
// page of 50 issue cards noticeably slower to show (tests/bench/issue-list-browser.ts).
const formats = new Map<Locale, Intl.DateTimeFormat>();
function dateTimeFormat(l: Locale): Intl.DateTimeFormat {
  let f = formats.get(l);
  if (!f) formats.set(l, (f = new Intl.DateTimeFormat(l, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
  return f;
}
