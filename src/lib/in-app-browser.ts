/**
 * Which in-app browser a page is open in, from its user agent. Invites and posters are scanned with
 * WeChat, whose built-in browser is where offline use, downloads and "add to home screen" are
 * weakest (on iPhone it has no service worker at all; downloads are blocked everywhere), so the app
 * guides people to the phone's own browser.
 */
export type InAppBrowser = 'wechat' | 'other';

/** WeChat and WeCom (企业微信) both say MicroMessenger; the others are apps whose links open inside them. */
const OTHERS = [/\bQQ\//, /\bWeibo\b/i, /\bDingTalk\b/i, /\bAlipayClient\b/i, /\baweme\b|\bBytedanceWebview\b/i, /\bLark\b|\bFeishu\b/i];

export function inAppBrowser(userAgent: string): InAppBrowser | null {
  if (/\bMicroMessenger\b/i.test(userAgent)) return 'wechat';
  if (OTHERS.some((re) => re.test(userAgent))) return 'other';
  return null;
}

/** iPhone and iPad Safari (and every iOS browser: all are WebKit), where installing goes through Share. */
export function isIos(userAgent: string, maxTouchPoints = 0): boolean {
  // iPadOS presents itself as a Mac; only its touch screen tells them apart.
  return /\b(iPhone|iPad|iPod)\b/.test(userAgent) || (/\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1);
}
