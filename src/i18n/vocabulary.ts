/**
 * The shared vocabulary: words every feature shows the same way (the app's name, roles, issue statuses,
 * categories, severities, photo phases, times) and the few texts more than one feature shows. A feature's
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
  'issue.photos': '照片（可不加）',
  'issue.photoN': '第 {n} 张照片',
  'issue.pending': '待同步',
  'issue.synced': '已同步',
  'issue.comment': '写留言',
  'issue.plannedFor': '计划 {date} 前整改',
  'stale.action': '去导出',
  'points.title': '点位',
  'photo.take': '拍照',
  'photo.pick': '从相册选择',
  'photo.preparing': '正在处理照片…',
  'phase.label': '阶段',
  'phase.before': '施工前',
  'phase.during': '施工中',
  'phase.after': '施工后',
  'photo.loc.poor': '定位误差较大（超过 50 米），位置仅供参考。',
  'time.justNow': '刚刚',
  'time.minutes': '{n} 分钟前',
  'time.hours': '{n} 小时前',
  'newWork.title': '新建工程',
  'signin.title': '工作人员账号登录',
  'plan.open': '🗺 查看平面图',
  'storage.full': '手机存储空间快满了：新照片可能存不下。请先连上网络让照片上传，再清理手机里不需要的文件。',
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
