/**
 * The words of a notification, in the member's language. Short, naming the work, the point and the
 * category, with a link that opens the issue. Built from the event and names only: it has no access
 * to a resident's name or phone number, so it can never carry them.
 */
import type { IssueCategory } from './domain';
import { issueRef } from './issue-number';
import type { NotifyEventKind, WorkSummary } from './notify';

export type NotifyLanguage = 'zh-CN' | 'en';

/** The same labels as the app's vocabulary (category.*): a message is read outside the app. */
const CATEGORY: Record<NotifyLanguage, Record<IssueCategory, string>> = {
  'zh-CN': {
    noise: '噪音扰民',
    sewage: '污水 / 排水',
    access: '出行受阻',
    safety: '安全隐患',
    dust: '扬尘',
    greenery: '绿化 / 路面损坏',
    parking: '停车',
    other: '其他',
  },
  en: {
    noise: 'noise',
    sewage: 'sewage / drainage',
    access: 'blocked access',
    safety: 'safety hazard',
    dust: 'dust',
    greenery: 'greenery / paving damage',
    parking: 'parking',
    other: 'other',
  },
};

const HEADLINE: Record<NotifyLanguage, Record<NotifyEventKind, string>> = {
  'zh-CN': {
    new: '新问题',
    acknowledged: '施工方已确认',
    resolved: '已整改，请核实',
    verified: '已核实整改',
    disputed: '施工方有异议，需联席会议处理',
    reopened: '问题被重新打开',
    dueSoon: '即将超过响应时限，请尽快确认',
    overdue: '问题已超过响应时限',
    escalated: '逾期未处理，已上报社区',
    fixDueSoon: '整改期限将到，请按时整改',
    plannedDueSoon: '计划整改日期将到',
    plannedOverdue: '已过计划整改日期',
    digest: '今日待办',
    weekly: '本周小结',
  },
  en: {
    new: 'New issue',
    acknowledged: 'Acknowledged by the construction team',
    resolved: 'Fixed, please verify',
    verified: 'Fix verified',
    disputed: 'Disputed: for the joint meeting',
    reopened: 'Issue reopened',
    dueSoon: 'Response target close: please acknowledge',
    overdue: 'Issue past its response target',
    escalated: 'Still overdue: passed on to staff',
    fixDueSoon: 'Fix deadline close',
    plannedDueSoon: 'Planned fix date close',
    plannedOverdue: 'Past its planned fix date',
    digest: 'Today’s to-do',
    weekly: 'This week',
  },
};

const WORDS = {
  'zh-CN': {
    urgent: '【紧急】',
    work: '工程',
    point: '点位',
    category: '类别',
    open: '打开',
    wechat: '在微信里打不开时，请点右上角「…」选择「在浏览器打开」。',
    more: '另有 {n} 条',
    updates: '{n} 条新通知',
    summary: {
      day: '过去一天新报 {reported} 条，已整改 {fixed} 条；待确认 {waiting}，未整改 {open}，其中逾期 {overdue}；有异议 {disputed}。',
      week: '本周新报 {reported} 条，已整改 {fixed} 条；现有未整改 {open}，其中逾期 {overdue}；有异议 {disputed}。',
    },
    todo: '请您处理：待确认 {waiting} 条，未整改 {open} 条，其中逾期 {overdue} 条。',
    late: '逾期',
    waiting: '待确认',
    nothing: '没有待办。',
  },
  en: {
    urgent: '[URGENT] ',
    work: 'Work',
    point: 'Point',
    category: 'Category',
    open: 'Open',
    wechat: 'Inside WeChat, tap "…" at the top right and choose "Open in browser".',
    more: '{n} more',
    updates: '{n} updates',
    summary: {
      day: 'Last day: {reported} reported, {fixed} fixed; {waiting} waiting for an answer, {open} open, {overdue} of them overdue; {disputed} disputed.',
      week: 'This week: {reported} reported, {fixed} fixed; {open} open now, {overdue} of them overdue; {disputed} disputed.',
    },
    todo: 'Yours to do: {waiting} to acknowledge, {open} open, {overdue} of them overdue.',
    late: 'overdue',
    waiting: 'waiting',
    nothing: 'Nothing to do.',
  },
} as const;

export interface MessageItem {
  kind: NotifyEventKind;
  urgent: boolean;
  category: IssueCategory;
  pointName: string | null;
  link: string;
  /** The issue's short number, when the server has given it one (issues accepted before numbers have none). */
  number?: number;
}

export interface RenderedMessage {
  title: string;
  /** Plain text (e-mail, SMS, WeCom text). */
  text: string;
  /** WeCom markdown. */
  markdown: string;
}

/** Brackets and line breaks from a name cannot turn into markdown or a link. */
const plain = (s: string) => s.replace(/[\r\n[\]()<>*`#]/g, ' ').slice(0, 80);

/**
 * "#142 · " before a line about one issue: people name issues at a meeting by that number. Nothing for
 * an issue without one, never "#undefined".
 */
const refOf = (number: number | undefined) => {
  const ref = issueRef({ number });
  return ref ? `${ref} · ` : '';
};

/**
 * One message for one or several events of one work (several: a batch). A batch of one kind is
 * titled by it ("新问题 ×3"); a mixed one counts the updates and names each line's kind. A message
 * about one issue has its number in the title ("新问题 #142 · 东门"), before the work's name: an SMS
 * carries the title only (and the link), and what is cut from a long one is the end.
 */
export function renderMessage(lang: NotifyLanguage, workName: string, items: readonly MessageItem[], moreCount = 0): RenderedMessage {
  const w = WORDS[lang];
  const first = items[0]!;
  const mixed = items.some((it) => it.kind !== first.kind);
  const total = items.length + moreCount;
  const ref = total === 1 ? issueRef(first) : null;
  const head = mixed ? w.updates.replace('{n}', String(total)) : `${HEADLINE[lang][first.kind]}${total > 1 ? ` ×${total}` : ref ? ` ${ref}` : ''}`;
  const title = `${first.urgent ? w.urgent : ''}${head} · ${plain(workName)}`;
  const lines = items.map((it) => {
    const where = it.pointName ? ` · ${w.point}: ${plain(it.pointName)}` : '';
    const kind = mixed ? `${HEADLINE[lang][it.kind]} · ` : '';
    return { text: `${refOf(it.number)}${kind}${w.category}: ${CATEGORY[lang][it.category]}${where}`, link: it.link };
  });
  const more = moreCount > 0 ? w.more.replace('{n}', String(moreCount)) : '';
  const text = [title, ...lines.map((l) => `${l.text}\n${l.link}`), more, w.wechat].filter(Boolean).join('\n');
  const markdown = [`**${title}**`, ...lines.map((l) => `> ${l.text} [${w.open}](${l.link})`), more, `<font color="comment">${w.wechat}</font>`]
    .filter(Boolean)
    .join('\n');
  return { title, text, markdown };
}

/**
 * Whom a digest is worded for: `todo`, a liaison: what is theirs to acknowledge and fix; `overview`,
 * staff and the work's group: the figures (reported, fixed, open, overdue, disputed).
 */
export type SummaryView = 'todo' | 'overview';

/** A digest or weekly summary: the counts in one sentence, then the most urgent issues with links. */
export function renderSummary(
  lang: NotifyLanguage,
  workName: string,
  summary: WorkSummary,
  lines: ReadonlyArray<{ category: IssueCategory; pointName: string | null; lateMs: number; link: string; number?: number }>,
  workLink: string,
  view: SummaryView = 'overview',
): RenderedMessage {
  const w = WORDS[lang];
  const title = `${HEADLINE[lang][summary.period === 'day' ? 'digest' : 'weekly']} · ${plain(workName)}`;
  const sentence = view === 'todo' ? w.todo : w.summary[summary.period];
  const counts = sentence.replace(/\{(\w+)\}/g, (_m, k: string) => String(summary[k as keyof WorkSummary] ?? ''));
  const body = lines.map((l) => {
    const state = l.lateMs > 0 ? `${w.late} ${Math.max(1, Math.round(l.lateMs / 3_600_000))}h` : w.waiting;
    const where = l.pointName ? ` · ${w.point}: ${plain(l.pointName)}` : '';
    return { text: `${refOf(l.number)}${state} · ${w.category}: ${CATEGORY[lang][l.category]}${where}`, link: l.link };
  });
  // Disputes are staff's to take to the joint meeting, not a liaison's to do.
  const empty = summary.open === 0 && (view === 'todo' || summary.disputed === 0) ? w.nothing : '';
  const text = [title, counts, empty, ...body.map((l) => `${l.text}\n${l.link}`), workLink, w.wechat].filter(Boolean).join('\n');
  const markdown = [
    `**${title}**`,
    counts,
    empty,
    ...body.map((l) => `> ${l.text} [${w.open}](${l.link})`),
    `[${w.open}](${workLink})`,
    `<font color="comment">${w.wechat}</font>`,
  ]
    .filter(Boolean)
    .join('\n');
  return { title, text, markdown };
}

/** The link that opens a work in the app (its issue list). */
export function workLink(baseUrl: string, work: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/w/${encodeURIComponent(work)}`;
}

/** The link that opens an issue in the app. */
export function issueLink(baseUrl: string, work: string, issue: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/w/${encodeURIComponent(work)}/issues/${encodeURIComponent(issue)}`;
}
