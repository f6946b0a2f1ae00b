/**
 * The channels behind one adapter interface: a message in, "sent" or a failure with the provider's
 * answer out. Each call is bounded by a timeout; nothing follows a redirect.
 *
 * Outgoing addresses (SSRF): the server only calls addresses staff of the work configured (robot,
 * webhook, SMS provider) and SMTP hosts they named; nothing a volunteer, liaison or resident sends is
 * ever fetched. Staff are trusted not to point them into the server's own network; http(s) only, no
 * user name in the address, no redirects followed (a 3xx is a failure), so a configured public address
 * cannot bounce a request somewhere else.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Channel, ChannelConfigs } from '../../src/core/notify';
import type { RenderedMessage } from '../../src/core/notify-text';

export interface OutgoingMessage {
  /** The delivery's idempotency key: sent along so a receiver can drop a repeat. */
  key: string;
  work: string;
  issue: string | null;
  /** That issue's short number ("#142"), for systems reading a webhook; null for several issues, a summary, or an issue without one. */
  number?: number | null;
  kind: string;
  link: string | null;
  message: RenderedMessage;
  /** Email address or mobile of the one recipient (personal channels). */
  to: string | null;
  /** WeCom: mobiles to @-mention. */
  mentions: string[];
  at: number;
}

export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

export interface ChannelAdapter<C extends Channel = Channel> {
  send(config: ChannelConfigs[C], msg: OutgoingMessage): Promise<SendResult>;
}

export const SEND_TIMEOUT_MS = 10_000;
const ANSWER_CHARS = 300;

/** What a failed HTTP answer tells staff: the status and the start of the body. */
function answerText(status: number, body: string): string {
  return `HTTP ${status}: ${body.slice(0, ANSWER_CHARS)}`;
}

/** 4xx means the request is wrong (a revoked key, a bad address): trying again will not help, except 408 and 429. */
function byStatus(status: number, body: string): SendResult {
  const permanent = status >= 300 && status < 500 && status !== 408 && status !== 429;
  return { ok: false, permanent, error: answerText(status, body) };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string } | SendResult> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    return { ok: false, permanent: false, error: `could not reach ${new URL(url).host}: ${why}` };
  }
}

const failed = (r: { status: number; text: string } | SendResult): r is SendResult => 'ok' in r;

/**
 * 企业微信 group robot (https://developer.work.weixin.qq.com/document/path/91770): markdown, or text
 * when someone is to be @-mentioned (mentioned_mobile_list works with text only). The robot answers
 * HTTP 200 with an errcode; 45009 is its limit of 20 messages a minute, 93000 a revoked key.
 */
export const wecomAdapter: ChannelAdapter<'wecom'> = {
  async send(config, msg) {
    const payload =
      msg.mentions.length > 0
        ? { msgtype: 'text', text: { content: msg.message.text.slice(0, 2000), mentioned_mobile_list: msg.mentions } }
        : { msgtype: 'markdown', markdown: { content: msg.message.markdown.slice(0, 4000) } };
    const r = await post(config.url, JSON.stringify(payload), { 'Content-Type': 'application/json' });
    if (failed(r)) return r;
    if (r.status !== 200) return byStatus(r.status, r.text);
    let answer: { errcode?: number; errmsg?: string };
    try {
      answer = JSON.parse(r.text) as typeof answer;
    } catch {
      return { ok: false, permanent: false, error: answerText(r.status, r.text) };
    }
    if (answer.errcode === 0) return { ok: true };
    const code = answer.errcode ?? -1;
    if (code === 45009) return { ok: false, permanent: false, error: `WeCom ${code}: ${answer.errmsg ?? ''} (rate limit)`, retryAfterMs: 60_000 };
    // -1 is "system busy"; any other code (93000 key revoked, 40008 bad message...) will not pass by retrying.
    return { ok: false, permanent: code !== -1, error: `WeCom ${code}: ${(answer.errmsg ?? '').slice(0, ANSWER_CHARS)}` };
  },
};

/** The header a webhook receiver checks: HMAC-SHA256 of `<timestamp>.<body>` with the shared secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** An outgoing webhook: JSON, with the idempotency key, a timestamp and the signature in headers. */
export const webhookAdapter: ChannelAdapter<'webhook'> = {
  async send(config, msg) {
    const body = JSON.stringify({
      key: msg.key,
      work: msg.work,
      issue: msg.issue,
      number: msg.number ?? null,
      kind: msg.kind,
      title: msg.message.title,
      text: msg.message.text,
      link: msg.link,
      at: msg.at,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const r = await post(config.url, body, {
      'Content-Type': 'application/json',
      'X-Sitewatch-Key': msg.key,
      'X-Sitewatch-Timestamp': timestamp,
      'X-Sitewatch-Signature': webhookSignature(config.secret, timestamp, body),
    });
    if (failed(r)) return r;
    return r.status >= 200 && r.status < 300 ? { ok: true } : byStatus(r.status, r.text);
  },
};

/** E-mail over SMTP with nodemailer; the key is the Message-ID, so a mailbox shows a repeat as one. */
export const emailAdapter: ChannelAdapter<'email'> = {
  async send(config, msg) {
    if (!msg.to) return { ok: false, permanent: true, error: 'no e-mail address' };
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user ? { auth: { user: config.user, pass: config.pass } } : {}),
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    try {
      await transport.sendMail({
        from: config.from,
        to: msg.to,
        subject: msg.message.title,
        text: msg.message.text,
        messageId: `<${msg.key.replace(/[^A-Za-z0-9._-]/g, '.')}@sitewatch>`,
        headers: { 'X-Sitewatch-Key': msg.key },
      });
      return { ok: true };
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string };
      // 5xx from the server is a refusal (bad address, bad login); 4xx and network errors pass.
      const permanent = (e.responseCode ?? 0) >= 500 || e.code === 'EAUTH';
      return { ok: false, permanent, error: `SMTP ${e.responseCode ?? e.code ?? ''}: ${e.message.slice(0, ANSWER_CHARS)}` };
    } finally {
      transport.close();
    }
  },
};

/** 云片 Yunpian single_send (https://www.yunpian.com/official/document/sms/zh_CN/domestic_single_send): form POST, answer {code: 0}. */
export const YUNPIAN_URL = 'https://sms.yunpian.com/v2/sms/single_send.json';

/** Characters an SMS's text is cut to (Yunpian bills a long one by 67-character parts). */
export const SMS_MAX_CHARS = 300;

/**
 * What an SMS says: Yunpian sends only text matching an approved template with its 【signature】, so the
 * title (which names the issue's number, the kind and the work) and the link. A cut takes the end.
 */
export function smsText(msg: Pick<OutgoingMessage, 'message' | 'link'>): string {
  return `${msg.message.title}${msg.link ? ` ${msg.link}` : ''}`.slice(0, SMS_MAX_CHARS);
}

export const smsAdapter: ChannelAdapter<'sms'> = {
  async send(config, msg) {
    if (!msg.to) return { ok: false, permanent: true, error: 'no mobile number' };
    const text = smsText(msg);
    const body = new URLSearchParams({ apikey: config.apiKey, mobile: msg.to, text, uid: msg.key.slice(0, 60) }).toString();
    const r = await post(config.url ?? YUNPIAN_URL, body, { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' });
    if (failed(r)) return r;
    let answer: { code?: number; msg?: string };
    try {
      answer = JSON.parse(r.text) as typeof answer;
    } catch {
      return byStatus(r.status, r.text);
    }
    if (r.status === 200 && answer.code === 0) return { ok: true };
    // Negative codes are Yunpian's own failures (busy), positive ones refusals of the request.
    return { ok: false, permanent: (answer.code ?? 1) > 0, error: `Yunpian ${answer.code ?? r.status}: ${(answer.msg ?? r.text).slice(0, ANSWER_CHARS)}` };
  },
};

export const ADAPTERS: { [C in Channel]: ChannelAdapter<C> } = {
  wecom: wecomAdapter,
  webhook: webhookAdapter,
  email: emailAdapter,
  sms: smsAdapter,
};
