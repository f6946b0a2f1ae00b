/**
 * Live updates across instances: each instance LISTENs on one PostgreSQL
 * channel per schema; a poke made here (after a commit) is NOTIFYed there and
 * delivered by every other instance to the devices connected to it.
 *
 * A poke is only a hint to pull (live.ts), so the relay may lose one without
 * harm beyond a delay: NOTIFY is sent after the commit, not inside it, and a
 * listener that lost its connection reconnects and pokes all its streams once,
 * since it may have missed something meanwhile.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { LiveHub } from './live';
import { lockKey } from './pg-store';
import type { Store } from './store';

export interface PgLiveOptions {
  connectionString: string;
  schema: string;
  hub: LiveHub;
  /** Sends the NOTIFYs (the store's pool). */
  pool: pg.Pool;
  /** The newest seq, to poke every stream after a reconnection. */
  store: Pick<Store, 'maxSeq'>;
  log?: (line: string) => void;
}

/** The channel of a schema (a PostgreSQL identifier: at most 63 bytes). */
export function liveChannel(schema: string): string {
  const name = `sitewatch_live_${schema}`;
  return name.length <= 63 ? name : `sitewatch_live_${lockKey(schema).toString(16).replace('-', 'n')}`;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

export async function relayLiveOverPg({ connectionString, schema, hub, pool, store, log = () => {} }: PgLiveOptions): Promise<{ close(): Promise<void> }> {
  const channel = liveChannel(schema);
  const instance = randomUUID();
  let client: pg.Client | null = null;
  let closed = false;
  let delay = RECONNECT_MIN_MS;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== channel || !msg.payload) return;
    try {
      const { i, w, s } = JSON.parse(msg.payload) as { i: string; w: string; s: number };
      if (i !== instance && typeof w === 'string' && Number.isSafeInteger(s)) hub.deliver(w, s);
    } catch {
      log(`live relay: unreadable notification ignored`);
    }
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', onNotification);
    c.on('error', (err) => {
      log(`live relay: connection lost (${err.message}); reconnecting`);
      c.end().catch(() => {});
    });
    c.on('end', () => {
      // Only an established listener reconnects here; a failed attempt is retried by reconnect().
      if (client !== c) return;
      client = null;
      if (!closed) setTimeout(reconnect, delay).unref();
    });
    await c.connect();
    await c.query(`LISTEN "${channel}"`);
    client = c;
    delay = RECONNECT_MIN_MS;
  };

  const reconnect = async (): Promise<void> => {
    if (closed) return;
    try {
      await connect();
      // Pokes sent while we were away are lost: a poke to every stream makes the devices pull once.
      const seq = await store.maxSeq();
      for (const work of hub.works()) hub.deliver(work, seq);
    } catch (err) {
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      log(`live relay: cannot listen (${(err as Error).message}); next try in ${delay} ms`);
      setTimeout(reconnect, delay).unref();
    }
  };

  await connect();
  hub.relay = (work, seq) => {
    pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ i: instance, w: work, s: seq })]).catch((err: Error) => {
      log(`live relay: notify failed (${err.message}); devices on other instances will see it at their next sync`);
    });
  };

  return {
    async close() {
      closed = true;
      hub.relay = null;
      await client?.end().catch(() => {});
    },
  };
}
