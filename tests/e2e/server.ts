/** Starts the real sync server (tsx sync-server/main.ts) for a test, on its own port and data folder. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Role = 'volunteer' | 'liaison' | 'staff';

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  codes: Record<Role, string>;
  output: () => string;
  /** Sends the server process a signal (e.g. SIGUSR2: a retention round, with SITEWATCH_TEST_RETENTION_AHEAD_DAYS). */
  signal: (sig: NodeJS.Signals) => void;
  stop: () => Promise<void>;
  /**
   * Moves the server's clock (started with `clock: true`) to `at` (ms since epoch); it runs on from there.
   * Resolves once the server took it.
   */
  setClock: (at: number) => Promise<void>;
}

/**
 * `env`: more of the server's environment (README), e.g. a short token idle period. `clock`: the server's
 * clock can be moved (tests/server-clock.ts), to see what happens hours later without waiting.
 */
export async function startServer(opts: {
  port: number;
  dataDir?: string;
  staticDir?: string;
  env?: Record<string, string>;
  clock?: boolean;
}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sitewatch-e2e-'));
  const clock = opts.clock ? ['--import', './tests/server-clock.ts'] : [];
  // One process (the tsx CLI would run the server in a child of its own).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...clock, 'sync-server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      SITEWATCH_DATA: dataDir,
      // Many devices join from 127.0.0.1 within a minute here; the limit itself is tested in tests/unit.
      SITEWATCH_JOIN_ATTEMPTS_PER_MINUTE: '1000',
      SITEWATCH_QUIET_LOG: '1',
      // Non-urgent notifications are batched per 5 minutes; a 2-second window keeps that path in tests without the wait.
      SITEWATCH_NOTIFY_BATCH_MS: '2000',
      // No 08:00 digest in the middle of a test that counts the robot's messages.
      SITEWATCH_NOTIFY_SUMMARIES: '0',
      ...(opts.staticDir ? { SITEWATCH_STATIC: opts.staticDir } : {}),
      ...opts.env,
    },
    // The clock is moved over the IPC channel: nothing reachable from the network.
    stdio: opts.clock ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const codes = await new Promise<Record<Role, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const check = () => {
      const found: Partial<Record<Role, string>> = {};
      for (const m of out.matchAll(/^\s+(volunteer|liaison|staff)\s+\S+\s+\S+code=([A-Z0-9]+)/gm)) found[m[1] as Role] = m[2]!;
      if (found.volunteer && found.liaison && found.staff) {
        clearTimeout(timer);
        resolve(found as Record<Role, string>);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  let stopping = false;
  child.on('exit', (code, signal) => {
    // A server that dies during a test is a finding: show why.
    if (!stopping) console.error(`sync server on port ${opts.port} exited (${code ?? signal}) during the test:\n${out}`);
  });
  return {
    url: `http://127.0.0.1:${opts.port}`,
    port: opts.port,
    dataDir,
    codes,
    output: () => out,
    signal: (sig) => void child.kill(sig),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    setClock: (at) =>
      new Promise<void>((resolve, reject) => {
        if (!opts.clock) return reject(new Error('start the server with clock: true to move its clock'));
        const offsetMs = at - Date.now();
        const taken = (m: unknown) => {
          if ((m as { clockOffsetMs?: number } | null)?.clockOffsetMs !== offsetMs) return;
          child.off('message', taken);
          resolve();
        };
        child.on('message', taken);
        child.send({ clockOffsetMs: offsetMs });
      }),
  };
}
