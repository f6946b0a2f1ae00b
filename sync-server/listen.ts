/**
 * How the server is reached: plain HTTP (behind a proxy that does HTTPS, or on this machine alone), or
 * HTTPS itself when given a certificate and key. And what `npm start` tells the person starting it:
 * phone addresses only when a phone can use them, since a phone's browser gives a plain-http page on
 * the network no service worker (no offline use, no install) and no crypto.subtle.
 */
import { readFileSync } from 'node:fs';
import { type RequestListener, type Server, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { networkInterfaces } from 'node:os';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** SITEWATCH_TLS_CERT and SITEWATCH_TLS_KEY (PEM files), both or neither; a file that cannot be read stops the start. */
export function tlsFromEnv(env: NodeJS.ProcessEnv): TlsFiles | null {
  const certPath = env.SITEWATCH_TLS_CERT;
  const keyPath = env.SITEWATCH_TLS_KEY;
  if (!certPath && !keyPath) return null;
  if (!certPath || !keyPath) throw new Error('set both SITEWATCH_TLS_CERT and SITEWATCH_TLS_KEY (PEM files), or neither');
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`${name} ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  return { cert: read('SITEWATCH_TLS_CERT', certPath), key: read('SITEWATCH_TLS_KEY', keyPath) };
}

export function createSitewatchServer(app: RequestListener, tls: TlsFiles | null): Server {
  return tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, app) : createServer(app);
}

/** The addresses other devices can reach a server listening on `host` by: every LAN address for a wildcard. */
export function reachableAddresses(host: string, lan: () => string[] = lanAddresses): string[] {
  if (host === '0.0.0.0' || host === '::' || host === '') return lan();
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return [];
  return [host.includes(':') ? `[${host}]` : host];
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** The lines `npm start` prints about where the app is, after "Sitewatch is running". */
export function addressLines(opts: { port: number; tls: boolean; reachable: string[]; trustProxy: boolean }): string[] {
  const { port, tls, reachable, trustProxy } = opts;
  if (reachable.length === 0) return [];
  if (tls) return reachable.map((ip) => `  phones on the local network: https://${ip}:${port}`);
  if (trustProxy) return ['  phones: through the HTTPS proxy in front of this server (SITEWATCH_TRUST_PROXY=1)'];
  return [
    `  phones: not at http://${reachable[0]}:${port}. A phone's browser gives a plain-http address on the network no`,
    '    offline use and no "add to home screen" (they need https); the app would say so on every page.',
    '    Serve it over https: Caddy in front (docs/deploy.md), or SITEWATCH_TLS_CERT and SITEWATCH_TLS_KEY.',
  ];
}
