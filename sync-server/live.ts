/**
 * Live updates: devices keep one server-sent-events stream open per work and
 * get a "poke" with the newest seq whenever ops are committed for that work;
 * they then pull as usual. The stream carries no data, only the hint to pull,
 * so a missed poke costs nothing but a delay until the next periodic pull.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthContext, requireDevice } from './auth';
import { HttpError } from './http';

const HEARTBEAT_MS = 25_000;
const MAX_LISTENERS = 10_000;

export class LiveHub {
  private readonly listeners = new Map<string, Set<ServerResponse>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(work: string, res: ServerResponse): void {
    let set = this.listeners.get(work);
    if (!set) this.listeners.set(work, (set = new Set()));
    set.add(res);
    this.count++;
  }

  remove(work: string, res: ServerResponse): void {
    const set = this.listeners.get(work);
    if (set?.delete(res)) this.count--;
    if (set && set.size === 0) this.listeners.delete(work);
  }

  /**
   * Passes pokes on to the other instances sharing the database (pg-live.ts);
   * null for a single instance.
   */
  relay: ((work: string, seq: number) => void) | null = null;

  /** Tell every device of the work that ops up to `seq` exist, here and (through the relay) on other instances. */
  poke(work: string, seq: number): void {
    this.deliver(work, seq);
    this.relay?.(work, seq);
  }

  /** Tell the devices connected to this instance only (a poke relayed from another instance). */
  deliver(work: string, seq: number): void {
    for (const res of this.listeners.get(work) ?? []) res.write(`event: ops\ndata: {"seq":${seq}}\n\n`);
  }

  /** The works with at least one open stream here. */
  works(): string[] {
    return [...this.listeners.keys()];
  }

  closeAll(): void {
    for (const set of this.listeners.values()) for (const res of set) res.end();
    this.listeners.clear();
    this.count = 0;
  }
}

export async function handleEvents(req: IncomingMessage, res: ServerResponse, ctx: AuthContext & { hub: LiveHub }): Promise<void> {
  const { store, hub } = ctx;
  const auth = await requireDevice(req, ctx);
  if (hub.size >= MAX_LISTENERS) {
    throw new HttpError(503, 'rate_limited', 'too many live connections: the app falls back to periodic sync', { 'Retry-After': '60' });
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'keep-alive',
  });
  const seq = await store.maxSeq();
  // The client may have left while we waited on the store: never register a stream nobody reads.
  if (req.destroyed || res.destroyed || res.writableEnded) return;
  res.write(`retry: 5000\nevent: ready\ndata: {"seq":${seq}}\n\n`);
  hub.add(auth.work, res);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  let closed = false;
  const done = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    hub.remove(auth.work, res);
  };
  req.on('close', done);
  res.on('close', done);
  res.on('error', done);
}
