/**
 * Real receivers for the notification tests, on loopback: an HTTP endpoint standing in for the WeCom
 * robot and for webhook receivers (it records every request and answers as told), and a small SMTP
 * server that takes mail the way a real one does (EHLO, MAIL, RCPT, DATA, QUIT) and records it.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
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

/** An SMTP server enough for nodemailer (no TLS, no auth): what a relay on the LAN would be. */
export async function smtpReceiver(): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let mail: Mail = { from: '', to: [], data: '' };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 fake.smtp.test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(mail);
          mail = { from: '', to: [], data: '' };
          say('250 2.0.0 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') say('250 fake.smtp.test');
        else if (verb === 'MAIL') {
          mail.from = line.slice(10).replace(/[<>]/g, '').split(' ')[0]!;
          say('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          mail.to.push(line.slice(8).replace(/[<>]/g, '').split(' ')[0]!);
          say('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          say('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    mails,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
