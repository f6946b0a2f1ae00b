/**
 * The app frame's texts: navigation, sync status, update prompt, the removed/expired banners, the work switcher.
 * In the app shell, so the English comes in a chunk of its own (./messages.en.ts), loaded with the language.
 */
import { catalog, translator } from '../i18n';
import { formatTime, vocabulary } from '../i18n/vocabulary';
const zh = {
  'nav.back': '返回',
  'nav.settings': '设置',
  'nav.notify': '通知',
  'nav.notifyUnread': '通知 {n} 条未读',
  'sync.pending': '待同步 {n} 条',
  'sync.synced': '已同步',
  'sync.offline': '离线',
  'sync.offlinePending': '离线 · 待同步 {n} 条',
  'sync.syncing': '正在同步…',
  'sync.pulling': '正在下载 {n}/{total}…',
  'sync.stopped': '已停止同步',
  'sync.error': '同步出错',
  'sync.now': '立即同步',
  'sync.progress': '下载进度',
  'sync.statusPrefix': '同步状态：',
  'sync.tapToSync': '。点击立即同步',
  'sync.lastSync': '上次同步：{time}',
  'sync.never': '还没有同步过',
  'sync.title': '同步',
  'sync.error.network': '连不上服务器。数据已保存在手机上，有网络时会自动再试。',
  'sync.error.unauthorized': '这台手机已不在该工程的成员名单中。未发送的记录仍保存在手机上，请联系社区工作人员。',
  'sync.error.outdated_client': '应用版本太旧，请更新（刷新页面）。未发送的记录会保留，更新后再发送。',
  'sync.error.quota': '手机存储空间已满。已保存的内容不会丢失；请清理手机空间后再试。',
  'sync.error.rate_limited': '服务器繁忙，稍后自动重试。',
  'sync.error.other': '同步失败（代码 {code}）。数据已保存在手机上，稍后会自动重试；一直不行的话，请把这个代码告诉社区工作人员。',
  'update.available': '有新版本可用。',
  'update.reload': '更新并重新加载',
  'update.keep': '您未同步的记录会保留。',
  'sync.error.revoked': '您已被移出此工程。这台手机不再同步这个工程；未发送的记录仍保存在手机上，可以导出交给社区工作人员。',
  'removed.banner': '您已被移出此工程。这台手机不再同步这个工程。',
  'removed.unsent': '手机上还有 {n} 条未发送的记录：请导出文件，交给社区工作人员。',
  'removed.nothingUnsent': '您的记录都已发送，手机上没有未发送的内容。',
  'sync.error.expired': '此设备太久没有同步，登录已过期。未发送的记录仍保存在手机上；请用邀请码重新加入（社区工作人员：重新登录）。',
  'expired.banner': '此设备太久没有同步，登录已过期。这台手机暂停同步这个工程。',
  'expired.howMember': '请向社区工作人员要邀请码，重新扫码加入：',
  'expired.howStaff': '请用密码重新登录，或用邀请码重新加入：',
  'expired.join': '重新加入',
  'expired.signin': '重新登录',
  'expired.unsent': '手机上还有 {n} 条未发送的记录，都会保留：重新加入后会自动发送，也可以先导出保存。',
  'switcher.label': '切换工程',
  'members.expired': '登录已过期',
  'members.removed': '已移出',
  'inapp.title': '请用手机浏览器打开',
  'inapp.wechat': '您正在微信里打开这个页面。请点右上角 ···，选“在浏览器打开”。',
  'inapp.other': '您正在别的应用里打开这个页面。请点右上角的菜单，选“在浏览器打开”。',
  'inapp.why': '在浏览器里，没有网络也能用，照片和记录都保存在手机上，还能下载文件、添加到主屏幕；在这里都不行。',
  'inapp.downloadsWechat': '微信里不能下载文件（表格、压缩包、PDF）。请点右上角 ···，选“在浏览器打开”，再下载。',
  'inapp.downloadsOther': '在这个应用里不能下载文件（表格、压缩包、PDF）。请点右上角的菜单，选“在浏览器打开”，再下载。',
  'install.title': '添加到主屏幕',
  'install.body': '以后在主屏幕上一点就能打开，没有网络也能用，手机也不会随便清掉还没同步的记录。',
  'install.add': '添加到主屏幕',
  'install.later': '以后再说',
  'install.gotIt': '知道了',
  'install.iosShare': '点 Safari 下方的“分享”按钮（方框带向上的箭头）。',
  'install.iosAdd': '往下找到“添加到主屏幕”，点“添加”。',
  'install.iosEviction': '不添加的话，网页 7 天没打开，iPhone 可能清掉它的数据，包括还没同步的记录。',
  'insecure.title': '这个地址不是 https，离线用不了',
  'insecure.body': '您打开的是 http:// 开头的地址。拍照和记录投诉仍然可以，但没有网络时这个页面打不开，也不能添加到主屏幕。',
  'insecure.ask': '请向社区工作人员要 https:// 开头的链接，用它重新打开。',
  'insecure.tryHttps': '改用 https 打开',
};

export type UiKey = keyof typeof zh;
export const messages = catalog(zh, () => import('./messages.en').then((m) => m.en));
export const t = translator(messages, vocabulary);
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
