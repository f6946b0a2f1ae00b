/**
 * The built app as a phone receives it: the brotli or gzip copy the build wrote when the browser
 * accepts it (and the plain file when it does not), caching for a year only for hashed assets,
 * re-checking index.html and sw.js, and a 304 that keeps those headers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress';
import { acceptedEncodings, serveStatic } from '../../sync-server/static';
import { closeServer, listenOnLoopback } from './loopback';

const dir = mkdtempSync(join(tmpdir(), 'sitewatch-static-'));
const filler = (word: string) => Array.from({ length: 300 }, (_, i) => `${word}${i}`).join(' ');
const INDEX = `<!doctype html><html><head><title>x</title></head><body>${filler('shell')}</body></html>`;
const APP = `console.log(${JSON.stringify(filler('app'))});`;
const SW = `self.addEventListener('fetch', () => ${JSON.stringify(filler('sw'))});`;
const PNG = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 251));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), INDEX);
writeFileSync(join(dir, 'sw.js'), SW);
writeFileSync(join(dir, 'assets', 'index-AbC123.js'), APP);
writeFileSync(join(dir, 'icon.png'), PNG);
writeFileSync(join(dir, 'tiny.js'), 'x');
const built = precompressDir(dir);

const handler = serveStatic(dir);
const server = http.createServer((req, res) =>
  handler(req, res, () => {
    res.statusCode = 404;
    res.end('not found');
  }),
);
const base = await listenOnLoopback(server);

afterAll(async () => {
  await closeServer(server);
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: fetch would undo the encoding, and the encoding is what is tested. */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function decoded(a: Answer): string {
  const enc = a.headers['content-encoding'];
  const bytes = enc === 'br' ? brotliDecompressSync(a.body) : enc === 'gzip' ? gunzipSync(a.body) : a.body;
  return bytes.toString('utf8');
}

describe('the build writes compressed copies', () => {
  it('brotli and gzip beside every text file, none for images or files too small to gain', () => {
    expect(built.files).toBe(3);
    for (const [name, text] of [
      ['index.html', INDEX],
      ['sw.js', SW],
      ['assets/index-AbC123.js', APP],
    ] as const) {
      expect(brotliDecompressSync(readFileSync(join(dir, `${name}.br`))).toString()).toBe(text);
      expect(gunzipSync(readFileSync(join(dir, `${name}.gz`))).toString()).toBe(text);
    }
    expect(() => readFileSync(join(dir, 'icon.png.br'))).toThrow();
    expect(() => readFileSync(join(dir, 'tiny.js.gz'))).toThrow();
    expect(built.brotliBytes).toBeLessThan(built.bytes / 3);
  });
});

describe('encoding negotiation', () => {
  it('brotli to a browser that accepts it, gzip to one that accepts only gzip, the plain file otherwise', async () => {
    const br = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(APP.length / 3);
    expect(decoded(br)).toBe(APP);

    const gz = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(APP);

    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP);

    for (const a of [br, gz, plain]) expect(a.headers.vary).toBe('Accept-Encoding');
  });

  it('respects q=0 and *', async () => {
    expect((await get('/sw.js', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/sw.js', { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    expect((await get('/sw.js', { 'accept-encoding': '*' })).headers['content-encoding']).toBe('br');
    expect(acceptedEncodings('identity')).toBe('');
    expect(acceptedEncodings('*, br;q=0')).toBe('gzip');
    expect(acceptedEncodings('GZIP;Q=0.5')).toBe('gzip');
  });

  it('an image goes as it is, whatever the browser accepts', async () => {
    const png = await get('/icon.png', { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.equals(PNG)).toBe(true);
  });

  it('a page of the app (any path without an extension) gets the compressed shell', async () => {
    const page = await get('/join/ABCD2345', { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-encoding']).toBe('br');
    expect(decoded(page)).toBe(INDEX);
  });
});

describe('caching', () => {
  it('hashed assets for a year, immutable; the shell and the worker re-checked every time', async () => {
    expect((await get('/assets/index-AbC123.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/sw.js', '/join/ABCD2345']) {
      expect((await get(path, { 'accept-encoding': 'br' })).headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('an unchanged file answers 304 with no body and keeps its caching headers; a changed ETag gets the file', async () => {
    for (const [path, cache] of [
      ['/sw.js', 'no-cache'],
      ['/assets/index-AbC123.js', 'public, max-age=31536000, immutable'],
    ] as const) {
      const first = await get(path, { 'accept-encoding': 'br' });
      expect(first.headers.etag).toBeTruthy();
      const again = await get(path, { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['cache-control']).toBe(cache);
      expect(again.headers.vary).toBe('Accept-Encoding');
      const stale = await get(path, { 'accept-encoding': 'br', 'if-none-match': 'W/"0-0"' });
      expect(stale.status).toBe(200);
      expect(decoded(stale).length).toBeGreaterThan(0);
    }
  });

  it('the brotli and the plain copy have different ETags, so a cache never answers one with the other', async () => {
    const br = await get('/sw.js', { 'accept-encoding': 'br' });
    const plain = await get('/sw.js');
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    expect((await get('/sw.js', { 'if-none-match': br.headers.etag! })).status).toBe(200);
  });

  it('a missing asset is a 404 nobody caches for a year', async () => {
    const missing = await get('/assets/gone-XyZ.js', { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();
  });
});
