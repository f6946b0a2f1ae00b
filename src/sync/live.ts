/**
 * The client side of live updates: one server-sent-events stream per joined
 * work, read with fetch (EventSource cannot send the Authorization header).
 * Each "ops" event (and each (re)connection) asks the engine to sync.
 */
import type { Membership } from '../lib/settings';
import { ApiError } from './api';

const RECONNECT_BASE_MS = 3_000;
const RECONNECT_MAX_MS = 60_000;

async function readStream(m: Membership, onPoke: () => void, signal: AbortSignal): Promise<void> {
  const res = await fetch('/api/sync/events', {
    headers: { Authorization: `Bearer ${m.token}`, Accept: 'text/event-stream' },
    cache: 'no-store',
    signal,
  });
  if (!res.ok || !res.body) throw new ApiError(`http_${res.status}`, `live updates refused (HTTP ${res.status})`, res.status);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // "ready" on (re)connect: pokes may have been missed while away.
      if (/^event: (ops|ready)$/m.test(block)) onPoke();
    }
  }
}

/** Keeps a stream open for one work until `signal` aborts, reconnecting with backoff. */
export async function listenForever(m: Membership, onPoke: () => void, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    const started = Date.now();
    try {
      await readStream(m, onPoke, signal);
    } catch {
      // Offline, server restart, proxy timeout: wait and connect again.
    }
    if (signal.aborted) return;
    // A stream that lived a while was healthy: start the backoff afresh.
    failures = Date.now() - started > 60_000 ? 0 : failures + 1;
    const cap = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(failures, 6));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, cap / 2 + Math.random() * (cap / 2));
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', wake, { once: true });
      window.addEventListener('online', wake, { once: true });
    });
  }
}
