/**
 * Real receivers for the notification tests, on loopback: an HTTP endpoint standing in for the WeCom
 * robot and for webhook receivers (it records every request and answers as told), and an SMTP server
 * (the `smtp-server` package) that records every mail it accepts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { closeServer, listenOnLoopback } from './loopback';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: unknown;
}

export interface HttpReceiver {
  base: string;
  received: Received[];
  /** How to answer the next requests to a path: status and body (default 200 {"errcode":0}). */
  answer(path: string, status: number, body: string): void;
  close(): Promise<void>;
}

export async function httpReceiver(): Promise<HttpReceiver> {
  const received: Received[] = [];
  const answers = new Map<string, { status: number; body: string }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(raw);
      } catch {
        json = null;
      }
      const path = (req.url ?? '/').split('?')[0]!;
      received.push({ path, headers: req.headers, raw, json });
      const a = answers.get(path) ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      res.writeHead(a.status, { 'Content-Type': 'application/json' });
      res.end(a.body);
    });
  });
  const base = await listenOnLoopback(server);
  return { base, received, answer: (path, status, body) => answers.set(path, { status, body }), close: () => closeServer(server) };
}

export interface Mail {
  from: string;
  to: string[];
  data: string;
}

export interface SmtpReceiver {
  port: number;
  mails: Mail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package, nodemailer's own), with no TLS and no auth: what a relay
 * on the LAN would be. Every mail it accepts is kept with its envelope and its data as received.
 */
export async function smtpReceiver(): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface PushMessage {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The payload, decrypted with the subscription's private key and auth secret (RFC 8291). */
  payload: unknown;
  /** The VAPID JWT's claims, after checking its ES256 signature against the key in the header (RFC 8292). */
  vapid: { aud: string; sub: string; exp: number; publicKey: string };
}

export interface PushService {
  base: string;
  received: PushMessage[];
  /** Errors met decrypting or checking a request (each answered 400, like a real push service). */
  errors: string[];
  /** A subscription as a browser's PushSubscription.toJSON() gives it, with its own keys; the service holds the private half. */
  subscribe(name: string): { endpoint: string; keys: { p256dh: string; auth: string } };
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

/**
 * A push service stand-in on loopback: takes a Web Push request as Apple's or Mozilla's would, checks
 * its VAPID signature, and decrypts the aes128gcm payload with the subscriber's keys. The decryption
 * is written here from RFC 8291 with node:crypto, independently of the web-push library that encrypted it.
 */
export async function pushService(): Promise<PushService> {
  const received: PushMessage[] = [];
  const errors: string[] = [];
  const subs = new Map<string, { ecdh: crypto.ECDH; auth: Buffer }>();
  const answers = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      try {
        const sub = subs.get(path);
        if (!sub) throw new Error(`no subscription at ${path}`);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('content-encoding must be aes128gcm');
        const vapid = checkVapid(String(req.headers.authorization ?? ''));
        const payload = JSON.parse(decryptAes128gcm(Buffer.concat(chunks), sub.ecdh, sub.auth).toString('utf8')) as unknown;
        received.push({ path, headers: req.headers, payload, vapid });
      } catch (err) {
        errors.push((err as Error).message);
        res.writeHead(400).end((err as Error).message);
        return;
      }
      res.writeHead(answers.get(path) ?? 201).end();
    });
  });
  const base = await listenOnLoopback(server);
  return {
    base,
    received,
    errors,
    subscribe(name) {
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = crypto.randomBytes(16);
      subs.set(`/push/${name}`, { ecdh, auth });
      return { endpoint: `${base}/push/${name}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    answer: (path, status) => answers.set(path, status),
    close: () => closeServer(server),
  };
}

/** RFC 8291 §3.4 and RFC 8188: one record, header salt | rs | idlen | keyid (the server's ephemeral public key). */
function decryptAes128gcm(body: Buffer, ecdh: crypto.ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const shared = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), asPublic]);
  const ikm = Buffer.from(crypto.hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('no last-record delimiter');
  return plain.subarray(0, end);
}

/** `Authorization: vapid t=<JWT>, k=<public key>`: the JWT's ES256 signature checked against k. */
function checkVapid(header: string): PushMessage['vapid'] {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header);
  if (!m) throw new Error(`not a VAPID authorization: ${header.slice(0, 40)}`);
  const [h, p, sig] = m[1]!.split('.') as [string, string, string];
  const raw = Buffer.from(m[2]!, 'base64url');
  const key = crypto.createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
  if (!ok) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { aud: string; sub: string; exp: number };
  return { ...claims, publicKey: m[2]! };
}
