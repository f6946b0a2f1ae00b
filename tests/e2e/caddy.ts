/**
 * Caddy (Debian's package) in front of a test's Sitewatch server, as docs/deploy.md sets it up: TLS
 * from Caddy's own CA (`tls internal`), a reverse proxy to the server on loopback. Everything Caddy
 * keeps (its CA, its certificates) goes to a folder of the test, never to this machine's trust store.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningCaddy {
  /** Caddy's root certificate (PEM): what phones, and the test's Chromium, are told to trust. */
  rootCert: string;
  output: () => string;
  stop: () => Promise<void>;
}

function requireTool(name: string, apt: string): void {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: apt-get install -y ${apt} (.ci/run does)`);
  }
}

export async function startCaddy(opts: { host: string; httpsPort: number; httpPort: number; upstream: string }): Promise<RunningCaddy> {
  requireTool('caddy', 'caddy');
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-caddy-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const caddyfile = join(dir, 'Caddyfile');
  writeFileSync(
    caddyfile,
    `{
	admin off
	storage file_system ${data}
	# the CA stays in the test's folder: nothing is added to this machine's trust store
	skip_install_trust
	http_port ${opts.httpPort}
	https_port ${opts.httpsPort}
}

https://${opts.host}:${opts.httpsPort} {
	tls internal
	reverse_proxy ${opts.upstream}
}
`,
  );
  const child: ChildProcess = spawn('caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: data, XDG_CONFIG_HOME: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const rootCert = join(data, 'pki', 'authorities', 'local', 'root.crt');
  const started = Date.now();
  // Ready once its CA exists and it has served the site's certificate.
  while (!(existsSync(rootCert) && /certificate obtained successfully|serving initial configuration/.test(out))) {
    if (child.exitCode !== null) throw new Error(`caddy exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - started > 30_000) throw new Error(`caddy did not start in 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    rootCert,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A home folder whose NSS database trusts `rootCert`: Chromium on Linux reads the certificates it
 * trusts from $HOME/.pki/nssdb, so a browser started with this HOME trusts Caddy's CA, and only it.
 */
export function homeTrusting(rootCert: string): string {
  requireTool('certutil', 'libnss3-tools');
  const home = mkdtempSync(join(tmpdir(), 'sitewatch-home-'));
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', 'Caddy Local Authority (test)', '-i', rootCert]);
  return home;
}
