/**
 * The resident page's texts, Chinese first. Its own small catalog (not src/i18n, which brings Solid):
 * the English record is typed with the Chinese keys, so a key missing in either fails to compile.
 */
import type { IssueCategory, IssueStatus } from '../core/domain';

const zh = {
  title: '居民反映问题',
  lang: 'English',
  intro: '看到施工带来的问题？拍张照片、说一说，我们会转给负责的人处理。',
  promise: '{hours} 小时内会有人回应。',
  where: '位置：{place}',
  loading: '正在打开…',
  posterGone: '这张海报的二维码已停用。请联系社区。',
  noLink: '链接不完整。请重新扫描海报上的二维码。',
  offlineOpen: '现在连不上网络。有网络后会自动再试。',
  category: '是什么问题？',
  description: '请描述一下（在哪里、什么情况）',
  descriptionMissing: '请写一句话说明问题。',
  photos: '照片（最多 {n} 张，可不拍）',
  addPhoto: '添加照片',
  removePhoto: '删除第 {n} 张照片',
  photoBusy: '正在压缩照片…',
  photoBad: '这张不是照片，或者手机打不开它。请换一张。',
  photoMax: '最多 {n} 张照片。',
  contactTitle: '联系方式（可不填）',
  name: '怎么称呼您',
  phone: '手机号',
  consent:
    '我同意：社区工作人员可以看到我的称呼和手机号，只用来联系我了解和反馈这个问题；问题办结 {days} 天后自动删除；我可以随时在进度页面撤回，撤回后立即删除。',
  share: '也让施工方联系人看到我的联系方式（方便直接联系我）',
  consentNeeded: '留联系方式需要先勾选同意。不想留也可以清空后提交。',
  honeypot: '请勿填写',
  submit: '提交',
  sending: '正在提交…',
  savedOffline: '网络断了，内容已保存在这台手机上。恢复网络后会自动重新提交，也可以点“重新提交”。',
  retry: '重新提交',
  tooMany: '提交太频繁了，请过一会儿再试。',
  workFull: '今天这里收到的反映太多了，请直接打电话联系社区。',
  tooLarge: '照片太大了，请删掉一张再试。',
  notImage: '有一张不是照片，请删掉它再试。',
  failed: '提交没有成功：{why}。内容已保存，请稍后再试。',
  proofFailed:
    '提交没有成功：连着试了几次，服务器都没有通过这个页面的安全核对。您写的内容和照片都还在这台手机上，不会丢。请过几分钟再点“提交”；一直不行的话，请打电话告诉社区。',
  receiptTitle: '已收到您的反映',
  receiptRef: '编号 {ref}',
  receiptKeep: '请保存下面的链接（可以收藏或截图）。用它查看处理进度、回复是否解决。别人拿不到这个链接。',
  follow: '查看处理进度',
  copy: '复制链接',
  copied: '已复制',
  followTitle: '反映进度',
  notFound: '找不到这条反映。请检查链接是否完整。',
  plannedDate: '计划 {date} 前处理好',
  reportedAt: '反映时间 {time}',
  before: '反映时的照片',
  after: '处理后的照片',
  photoLoading: '照片加载中…',
  answerTitle: '问题真的解决了吗？',
  solved: '已解决',
  partly: '部分解决',
  not: '未解决',
  comment: '还想说的（可不填）',
  answered: '您的回复：{answer}',
  withdraw: '撤回我的联系方式',
  withdrawn: '您的联系方式已撤回，工作人员不再能看到。',
  contactKept: '您留了联系方式，只有社区工作人员（和您同意的施工方联系人）能看到。',
  refresh: '刷新',
  myReports: '我在这台手机上的反映',
  accepted: '志愿者已受理您的反映，正在转交处理。',
  mergedWith: '和之前反映的同一问题一起处理，那个问题现在：{status}',
  'declined.out_of_scope': '不属于这项工程处理的范围，请联系社区',
  'declined.duplicate': '和已经反映过的问题重复',
  'declined.not_enough_info': '信息不够，无法处理：欢迎补充后重新反映',
  'status.reported': '已收到，等待处理',
  'status.acknowledged': '已受理，正在安排',
  'status.in_progress': '正在处理',
  'status.resolved': '已处理，请您确认',
  'status.verified': '已解决',
  'status.disputed': '施工方有不同意见，将在联席会议上讨论',
  'status.reopened': '重新处理中',
  'status.rejected': '未采纳',
  'status.merged': '和同一问题合并处理',
  'category.noise': '噪音扰民',
  'category.sewage': '污水 / 排水',
  'category.access': '出行受阻',
  'category.safety': '安全隐患',
  'category.dust': '扬尘',
  'category.greenery': '绿化 / 路面损坏',
  'category.parking': '停车',
  'category.other': '其他',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Report a problem',
  lang: '中文',
  intro: 'A problem caused by the works? Take a photo, tell us, and we pass it to whoever is responsible.',
  promise: 'Someone answers within {hours} hours.',
  where: 'Place: {place}',
  loading: 'Opening…',
  posterGone: 'This poster’s code is no longer in use. Please contact the community.',
  noLink: 'The link is incomplete. Scan the code on the poster again.',
  offlineOpen: 'No connection right now. It will try again once you are online.',
  category: 'What is the problem?',
  description: 'Describe it (where, what is happening)',
  descriptionMissing: 'Write a sentence about the problem.',
  photos: 'Photos (up to {n}, optional)',
  addPhoto: 'Add a photo',
  removePhoto: 'Remove photo {n}',
  photoBusy: 'Shrinking the photo…',
  photoBad: 'This is not a photo, or the phone cannot open it. Choose another.',
  photoMax: 'At most {n} photos.',
  contactTitle: 'Your contact (optional)',
  name: 'Your name',
  phone: 'Mobile number',
  consent:
    'I agree: the community staff may see my name and number, only to contact me about this problem; they are erased automatically {days} days after it is closed; I can withdraw them at any time on the progress page, which erases them at once.',
  share: 'Also let the contractor’s liaison see them (so they can call me directly)',
  consentNeeded: 'To leave a contact, tick the consent first. Or clear the fields and send without one.',
  honeypot: 'Do not fill in',
  submit: 'Send',
  sending: 'Sending…',
  savedOffline: 'The connection dropped; your report is saved on this phone. It is sent again automatically once you are online, or tap “Send again”.',
  retry: 'Send again',
  tooMany: 'Too many reports from here: please try again later.',
  workFull: 'This site has received too many reports today: please call the community directly.',
  tooLarge: 'A photo is too large: remove one and try again.',
  notImage: 'One of the photos is not a picture: remove it and try again.',
  failed: 'Sending failed: {why}. Your report is saved; please try again later.',
  proofFailed:
    "Sending failed: several tries in a row, the server did not accept the page's safety check. What you wrote and your photos are still on this phone and will not be lost. Tap Send again in a few minutes; if it keeps failing, please call the community.",
  receiptTitle: 'Your report was received',
  receiptRef: 'Reference {ref}',
  receiptKeep:
    'Keep the link below (bookmark it or take a screenshot). It shows the progress and lets you say whether it was fixed. Nobody else gets this link.',
  follow: 'See the progress',
  copy: 'Copy the link',
  copied: 'Copied',
  followTitle: 'Progress of your report',
  notFound: 'No report for this link. Check that it was copied whole.',
  plannedDate: 'To be fixed by {date}',
  reportedAt: 'Reported {time}',
  before: 'Photos from your report',
  after: 'Photos after the fix',
  photoLoading: 'Loading photo…',
  answerTitle: 'Was it really fixed?',
  solved: 'Fixed',
  partly: 'Partly fixed',
  not: 'Not fixed',
  comment: 'Anything to add (optional)',
  answered: 'Your answer: {answer}',
  withdraw: 'Withdraw my contact details',
  withdrawn: 'Your contact details were withdrawn: staff can no longer see them.',
  contactKept: 'You left contact details: only the community staff (and the liaison, if you agreed) can see them.',
  refresh: 'Refresh',
  myReports: 'My reports on this phone',
  accepted: 'A volunteer has taken on your report and passed it on to be fixed.',
  mergedWith: 'Handled together with the same problem reported before, which is now: {status}',
  'declined.out_of_scope': 'Not part of what this work handles: please contact the community',
  'declined.duplicate': 'The same as a problem reported already',
  'declined.not_enough_info': 'Not enough information to act on: you are welcome to report again with more',
  'status.reported': 'Received, waiting to be handled',
  'status.acknowledged': 'Accepted, being arranged',
  'status.in_progress': 'Being fixed',
  'status.resolved': 'Fixed: please confirm',
  'status.verified': 'Solved',
  'status.disputed': 'The contractor disagrees: it goes to the joint meeting',
  'status.reopened': 'Being handled again',
  'status.rejected': 'Not taken up',
  'status.merged': 'Handled together with the same problem',
  'category.noise': 'Noise',
  'category.sewage': 'Sewage / drainage',
  'category.access': 'Access blocked',
  'category.safety': 'Safety',
  'category.dust': 'Dust',
  'category.greenery': 'Greenery / road damage',
  'category.parking': 'Parking',
  'category.other': 'Other',
};

const LANG_KEY = 'sitewatch.resident.lang';

function initialLang(): 'zh' | 'en' {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage may be off (private mode): the phone's language decides.
  }
  return navigator.language.toLowerCase().startsWith('zh') || !navigator.language.toLowerCase().startsWith('en') ? 'zh' : 'en';
}

export let lang = initialLang();

export function switchLang(): void {
  lang = lang === 'zh' ? 'en' : 'zh';
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Not kept: the page still switches.
  }
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = (lang === 'zh' ? zh : en)[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export const statusText = (s: IssueStatus) => t(`status.${s}`);
export const categoryText = (c: IssueCategory) => t(`category.${c}`);
