/**
 * The real sync server as a process of its own (`sync-server/main.ts`), for tests that kill it, restart it
 * or back it up underneath. One process, not the tsx CLI: tsx runs the server in a child that a SIGKILL
 * would orphan.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  /** Starts it on the port with these variables; resolves with the demo work's volunteer invite code it prints. */
  start(): Promise<string>;
  /** Stops it (SIGTERM: a clean shutdown; SIGKILL: a crash) and waits until it is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export function serverProcess(port: number, env: Record<string, string>): ServerProcess {
  let child: ChildProcess | null = null;
  return {
    start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SITEWATCH_QUIET_LOG: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const started = child;
      let out = '';
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
        started.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        started.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const code = /^\s+volunteer\s+\S+\s+\S+code=([A-Z0-9]+)/m.exec(out)?.[1];
          if (code) {
            clearTimeout(timer);
            resolve(code);
          }
        });
      });
    },
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
