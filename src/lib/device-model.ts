/**
 * A phone as a person would name it ("vivo V2203A · 微信", "iPhone · Safari"), from its user agent, so an
 * older volunteer (or the staff helping them) can tell which phone is which without reading a device id.
 * A best guess: Chrome's reduced user agent says only "Android 10; K", and then the answer is "Android 手机".
 */
export interface DeviceDescription {
  /** The maker and model where the user agent names them, else the kind of device; null when unknown. */
  model: string | null;
  /** The browser or the app the page runs in; null when unknown. */
  browser: string | null;
  /** A phone's system and its version ("Android 13", "iOS 17.4", "HarmonyOS 4.0"); null for a computer or when unknown. */
  os: string | null;
}

/** A phone's system with its major (and for iOS minor) version, as the phone's own settings say it. */
function phoneSystem(userAgent: string): string | null {
  const harmony = /\b(?:OpenHarmony|HarmonyOS)[ /]?(\d+(?:\.\d+)?)/.exec(userAgent);
  if (harmony) return `HarmonyOS ${harmony[1]}`;
  const ios = /\bCPU (?:iPhone )?OS (\d+)(?:_(\d+))?/.exec(userAgent);
  if (ios && /\b(iPhone|iPad|iPod)\b/.test(userAgent)) return `iOS ${ios[1]}${ios[2] ? `.${ios[2]}` : ''}`;
  const android = /\bAndroid (\d+(?:\.\d+)?)/.exec(userAgent);
  return android ? `Android ${android[1]}` : null;
}

/** Browsers and apps, most specific first: an app's browser also says "Chrome" or "Safari". */
const BROWSERS: Array<[RegExp, string]> = [
  [/\bwxwork\//i, '企业微信'],
  [/\bMicroMessenger\b/i, '微信'],
  [/\bQQ\//, 'QQ'],
  [/\bDingTalk\b/i, '钉钉'],
  [/\bAlipayClient\b/i, '支付宝'],
  [/\baweme\b/i, '抖音'],
  [/\bQuark\//i, '夸克'],
  [/\bUCBrowser\//i, 'UC'],
  [/\bMQQBrowser\/|\bQQBrowser\//i, 'QQ浏览器'],
  [/\bMiuiBrowser\//i, '小米浏览器'],
  [/\bHuaweiBrowser\//i, '华为浏览器'],
  [/\bHeyTapBrowser\//i, 'OPPO浏览器'],
  [/\bVivoBrowser\//i, 'vivo浏览器'],
  [/\bSamsungBrowser\//i, 'Samsung Internet'],
  [/\bEdg(A|iOS)?\//, 'Edge'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bCriOS\/|\bChrome\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

/** Model codes that start with a maker's prefix, so "V2203A" can say vivo. */
const MAKERS: Array<[RegExp, string]> = [
  [/^(HUAWEI|HONOR)\b/i, ''],
  [/^(Redmi|MI|Mi|POCO|Xiaomi)\b/, 'Xiaomi'],
  [/^(SM-)/, 'Samsung'],
  [/^V\d{4}[A-Z]?$/, 'vivo'],
  [/^(PB|PC|PD|PE|PF|PG|PH|PJ|CPH)[A-Z]{0,2}\d{2,4}$/, 'OPPO'],
  [/^(ALN|ANA|ELS|NOH|LIO|TAS|VOG|MAR|JAD|OCE|NOP|BAL|DCO|GOA)-/, 'HUAWEI'],
  [/^(Pixel)\b/, ''],
];

function withMaker(model: string): string {
  for (const [re, maker] of MAKERS) if (re.test(model)) return maker && !model.toLowerCase().startsWith(maker.toLowerCase()) ? `${maker} ${model}` : model;
  return model;
}

export function describeDevice(userAgent: string, locale: 'zh-CN' | 'en' = 'zh-CN'): DeviceDescription {
  const zh = locale === 'zh-CN';
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1] ?? null;
  let model: string | null = null;
  const ios = /\b(iPhone|iPad|iPod)\b/.exec(userAgent);
  if (ios) model = ios[1]!;
  else if (/\bAndroid\b/.test(userAgent)) {
    // "(Linux; Android 13; V2203A Build/TP1A...; wv)" → "V2203A"; the reduced "(Linux; Android 10; K)" names no model.
    const inside = /\(([^)]*)\)/.exec(userAgent)?.[1] ?? '';
    const code = inside
      .split(';')
      .map((p) => p.replace(/\s+Build\/.*$/, '').trim())
      .find((p) => p.length > 1 && !/^(Linux|U|wv|Android\b.*|HarmonyOS|HMSCore\b.*|[a-z]{2}[-_][a-zA-Z]{2})$/i.test(p));
    model = code ? withMaker(code) : zh ? 'Android 手机' : 'Android phone';
  } else if (/\bHarmonyOS\b|\bOpenHarmony\b/.test(userAgent)) model = zh ? '鸿蒙设备' : 'HarmonyOS device';
  else if (/\bWindows\b/.test(userAgent)) model = zh ? 'Windows 电脑' : 'Windows computer';
  else if (/\bMacintosh\b/.test(userAgent)) model = 'Mac';
  else if (/\bCrOS\b/.test(userAgent)) model = 'Chromebook';
  else if (/\bLinux\b/.test(userAgent)) model = zh ? 'Linux 电脑' : 'Linux computer';
  return { model, browser, os: phoneSystem(userAgent) };
}

/**
 * A device in a list of members' devices: "vivo V2203A · Android 13 · 微信", "iPhone · iOS 17.4 · Safari",
 * "Windows 电脑 · Edge"; the parts that are known, null when none is.
 */
export function deviceLabel(userAgent: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string | null {
  const { model, browser, os } = describeDevice(userAgent, locale);
  const parts = [model, os, browser].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : null;
}

/** "vivo V2203A · 微信", or just the part that is known; null when nothing is. */
export function deviceName(userAgent: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string | null {
  const { model, browser } = describeDevice(userAgent, locale);
  const parts = [model, browser].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : null;
}
