/**
 * Tests only: loaded into a server process with `--import` (tests/e2e/server.ts, `clock: true`), it
 * moves that process's clock (Date.now, which the server reads everywhere: pushes, tokens, the
 * notification worker) by an offset the parent process sends over the IPC channel. A test sees what
 * the response clocks do hours later without waiting. Nothing in sync-server knows of it: a server
 * started any other way has no such hook, and none is reachable from the network.
 */
const realNow = Date.now.bind(Date);
let offsetMs = 0;
Date.now = () => realNow() + offsetMs;

process.on('message', (m: unknown) => {
  const offset = (m as { clockOffsetMs?: unknown } | null)?.clockOffsetMs;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) return;
  offsetMs = offset;
  process.send?.({ clockOffsetMs: offset });
});
