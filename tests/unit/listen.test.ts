/**
 * The server speaks HTTPS itself when given a certificate and key, refuses a half or unreadable
 * configuration at start, and `npm start` lists phone addresses only when a phone can use them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addressLines, createSitewatchServer, reachableAddresses, tlsFromEnv } from '../../sync-server/listen';

const dir = mkdtempSync(join(tmpdir(), 'sitewatch-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ],
  { stdio: 'ignore' },
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SITEWATCH_TLS_CERT and SITEWATCH_TLS_KEY', () => {
  it('none: plain HTTP (a proxy in front does HTTPS)', () => {
    expect(tlsFromEnv({})).toBeNull();
  });

  it('only one of the two, or a file that cannot be read, stops the start with a sentence naming it', () => {
    expect(() => tlsFromEnv({ SITEWATCH_TLS_CERT: cert })).toThrow(/set both SITEWATCH_TLS_CERT and SITEWATCH_TLS_KEY/);
    expect(() => tlsFromEnv({ SITEWATCH_TLS_KEY: key })).toThrow(/set both/);
    expect(() => tlsFromEnv({ SITEWATCH_TLS_CERT: cert, SITEWATCH_TLS_KEY: join(dir, 'nope.pem') })).toThrow(
      /SITEWATCH_TLS_KEY .*nope\.pem cannot be read: ENOENT/,
    );
  });

  it('both: the server answers over HTTPS with that certificate', async () => {
    const tls = tlsFromEnv({ SITEWATCH_TLS_CERT: cert, SITEWATCH_TLS_KEY: key })!;
    const server = createSitewatchServer((_req, res) => res.end('hello over tls'), tls);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/', ca: readFileSync(cert) }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(body).toBe('hello over tls');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('what npm start prints about phones', () => {
  const lan = () => ['192.168.1.5'];

  it('no phone address over plain http, but why and what to do', () => {
    const lines = addressLines({ port: 8080, tls: false, reachable: reachableAddresses('0.0.0.0', lan), trustProxy: false }).join('\n');
    expect(lines).not.toMatch(/^\s*phones on the local network/m);
    expect(lines).toContain('not at http://192.168.1.5:8080');
    expect(lines).toMatch(/offline use .*need https/s);
    expect(lines).toContain('docs/deploy.md');
    expect(lines).toContain('SITEWATCH_TLS_CERT');
  });

  it('the https addresses when the server has a certificate', () => {
    expect(addressLines({ port: 8443, tls: true, reachable: reachableAddresses('0.0.0.0', lan), trustProxy: false })).toEqual([
      '  phones on the local network: https://192.168.1.5:8443',
    ]);
  });

  it('behind a proxy, the proxy is the way in; on 127.0.0.1 nothing about phones', () => {
    expect(addressLines({ port: 8080, tls: false, reachable: ['192.168.1.5'], trustProxy: true }).join('\n')).toContain('through the HTTPS proxy');
    expect(addressLines({ port: 8080, tls: false, reachable: reachableAddresses('127.0.0.1', lan), trustProxy: false })).toEqual([]);
  });
});
