/**
 * The notices only some phones see: the page is on plain http, inside WeChat or another app's browser,
 * or worth adding to the home screen. Both languages inline: the notices load on demand (src/ui/Notices.tsx),
 * so these texts stay out of the app shell that every phone downloads first.
 */
import { catalog, translator } from '../i18n';
import { vocabulary } from '../i18n/vocabulary';

const zh = {
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

const en: Record<keyof typeof zh, string> = {
  'inapp.title': "Open this in the phone's browser",
  'inapp.wechat': 'You opened this page inside WeChat. Tap ··· at the top right, then "Open in Browser" (在浏览器打开).',
  'inapp.other': 'You opened this page inside another app. Tap its menu at the top right, then "Open in Browser".',
  'inapp.why':
    'In the browser it works without a network, keeps photos and records on the phone, downloads files and can be added to the home screen; here it cannot.',
  'inapp.downloadsWechat': 'WeChat does not let pages download files (spreadsheets, ZIP, PDF). Tap ··· at the top right, "Open in Browser", then download.',
  'inapp.downloadsOther': 'This app does not let pages download files (spreadsheets, ZIP, PDF). Tap its menu, "Open in Browser", then download.',
  'install.title': 'Add to home screen',
  'install.body': 'Open it with one tap from the home screen, also without a network; the phone will not clear unsynced records on its own.',
  'install.add': 'Add to home screen',
  'install.later': 'Not now',
  'install.gotIt': 'Got it',
  'install.iosShare': 'Tap the Share button at the bottom of Safari (a square with an arrow up).',
  'install.iosAdd': 'Scroll to "Add to Home Screen" and tap "Add".',
  'install.iosEviction': "If you don't, an iPhone may clear this site's data after 7 days without a visit, unsynced records included.",
  'insecure.title': 'This address is not https: offline use will not work',
  'insecure.body':
    'You opened an address starting with http://. Photos and complaints still work, but without a network this page will not open, and it cannot be added to the home screen.',
  'insecure.ask': 'Ask the community staff for the link starting with https:// and open the app with it.',
  'insecure.tryHttps': 'Open with https',
};

export const notices = catalog(zh, en);
export const t = translator(notices, vocabulary);
