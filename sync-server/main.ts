/**
 * Starts Sitewatch: the sync API and the built PWA on one port, with an
 * embedded SQLite store, or PostgreSQL when DATABASE_URL is set (then several
 * instances may share it). Configuration by environment (see README):
 *   PORT (8080), HOST (0.0.0.0), SITEWATCH_DATA (./data), SITEWATCH_STATIC (./dist),
 *   SITEWATCH_JOIN_ATTEMPTS_PER_MINUTE (10), SITEWATCH_TRUST_PROXY, SITEWATCH_QUIET_LOG,
 *   DATABASE_URL (unset: SQLite in SITEWATCH_DATA), SITEWATCH_PG_SCHEMA (public), SITEWATCH_PG_POOL (10),
 *   SITEWATCH_WORK_QUOTA_MB (20480), SITEWATCH_TOKEN_IDLE_DAYS_VOLUNTEER / _LIAISON (180) / _STAFF (30),
 *   SITEWATCH_TLS_CERT and SITEWATCH_TLS_KEY (PEM files: the server speaks HTTPS itself)
 *   SITEWATCH_PUBLIC_URL (the address phones open, for links in notifications; http://localhost:PORT),
 *   SITEWATCH_NOTIFY (1; 0 turns the notification worker of this instance off),
 *   SITEWATCH_NOTIFY_INTERVAL_MS (5000, between the worker's rounds), SITEWATCH_NOTIFY_LEASE_MS (120000, how long
 *   a crashed instance's claimed messages wait before another instance takes them over),
 *   SITEWATCH_TEST_RETENTION_AHEAD_DAYS (tests only: SIGUSR2 runs a retention round that many days ahead)
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatInviteCode } from '../src/core';
import { inviteLink } from '../src/core/admin';
import { createApp } from './app';
import { tokenIdleDaysFromEnv } from './auth';
import { WORK_QUOTA_BYTES } from './blob-routes';
import { answerMalformedHttp } from './http';
import { folderBlobStore } from './blob-store';
import { pgBlobStore } from './blob-store-pg';
import { addressLines, createSitewatchServer, reachableAddresses, tlsFromEnv } from './listen';
import { LiveHub } from './live';
import { Notifier } from './notify/notifier';
import { DEMO_WORK_ID, seedDemoIfEmpty } from './seed';
import { relayLiveOverPg } from './pg-live';
import { eraseExpiredContacts, startRetention } from './retention';
import { type PgStore, openPgStore } from './pg-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

const ROLE_LABELS = { volunteer: '监督员 volunteer', liaison: '施工联络人 liaison', staff: '社区工作人员 staff' };

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '0.0.0.0';
  const dataDir = resolve(process.env.SITEWATCH_DATA ?? './data');
  const staticDir = resolve(process.env.SITEWATCH_STATIC ?? './dist');
  const quiet = process.env.SITEWATCH_QUIET_LOG === '1';
  const joinAttemptsPerMinute = Number(process.env.SITEWATCH_JOIN_ATTEMPTS_PER_MINUTE ?? 10);
  const databaseUrl = process.env.DATABASE_URL;
  const tokenIdleDays = tokenIdleDaysFromEnv(process.env);
  const tls = tlsFromEnv(process.env);
  const trustProxy = process.env.SITEWATCH_TRUST_PROXY === '1';
  const quotaMb = process.env.SITEWATCH_WORK_QUOTA_MB;
  if (quotaMb !== undefined && !(Number(quotaMb) > 0)) throw new Error('SITEWATCH_WORK_QUOTA_MB must be a positive number of megabytes');
  const workQuotaBytes = quotaMb === undefined ? WORK_QUOTA_BYTES : Math.floor(Number(quotaMb) * 1024 * 1024);
  const log = quiet ? () => {} : (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  mkdirSync(dataDir, { recursive: true });

  const schema = process.env.SITEWATCH_PG_SCHEMA ?? 'public';
  const pgStore: PgStore | null = databaseUrl
    ? await openPgStore({ connectionString: databaseUrl, schema, poolSize: Number(process.env.SITEWATCH_PG_POOL ?? 10), log })
    : null;
  const store: Store = pgStore ?? openSqliteStore(join(dataDir, 'sitewatch.sqlite'));
  const seeded = await seedDemoIfEmpty(store);
  const hub = new LiveHub();
  // Several instances on one database: pokes reach devices connected to any of them.
  const relay = pgStore && databaseUrl ? await relayLiveOverPg({ connectionString: databaseUrl, schema, hub, pool: pgStore.pool, store, log }) : null;
  // Tests only: a loopback stand-in for a push service (comma-separated origins).
  const pushOrigins = (process.env.SITEWATCH_PUSH_ORIGINS ?? '').split(',').filter(Boolean);
  // Every instance may run the worker: rows are leased, so each message goes out from one of them.
  const notifier =
    process.env.SITEWATCH_NOTIFY === '0'
      ? undefined
      : new Notifier({
          store,
          baseUrl: process.env.SITEWATCH_PUBLIC_URL ?? `http://localhost:${port}`,
          log,
          leaseMs: Number(process.env.SITEWATCH_NOTIFY_LEASE_MS ?? 120_000),
          ...(process.env.SITEWATCH_NOTIFY_BATCH_MS !== undefined && { batchWindowMs: Number(process.env.SITEWATCH_NOTIFY_BATCH_MS) }),
          ...(process.env.SITEWATCH_VAPID_SUBJECT && { vapidSubject: process.env.SITEWATCH_VAPID_SUBJECT }),
          pushOrigins,
          summaries: process.env.SITEWATCH_NOTIFY_SUMMARIES !== '0',
        });
  notifier?.start(Number(process.env.SITEWATCH_NOTIFY_INTERVAL_MS ?? 5_000));
  // Residents' contacts are erased once their issue has been closed for the retention period (hourly rounds).
  const pokeWork = (work: string) =>
    void store.maxSeq().then(
      (seq) => hub.poke(work, seq),
      () => {},
    );
  const stopRetention = startRetention(store, pokeWork, (line) => console.log(line));
  // Tests only: SIGUSR2 runs one retention round as if it were this many days later (an end-to-end test
  // cannot wait 90 days; nothing else about the server's clock changes).
  const retentionAheadDays = Number(process.env.SITEWATCH_TEST_RETENTION_AHEAD_DAYS ?? 0);
  if (retentionAheadDays > 0) {
    process.on('SIGUSR2', () => {
      eraseExpiredContacts(store, Date.now() + retentionAheadDays * 86_400_000).then(
        (r) => {
          for (const w of r.works) pokeWork(w);
          console.log(`retention round ${retentionAheadDays} days ahead: erased ${r.erased}`);
        },
        (err: unknown) => console.error('retention round failed:', err),
      );
    });
  }
  const server = createSitewatchServer(
    createApp({
      notifier,
      pushOrigins,
      store,
      staticDir,
      hub,
      joinAttemptsPerMinute,
      trustProxy,
      // Photos go where every instance can read them: the database when it is shared, else a folder.
      blobs: pgStore ? pgBlobStore(pgStore.pool, schema) : folderBlobStore(join(dataDir, 'blobs')),
      workQuotaBytes,
      tokenIdleDays,
      log,
    }),
    tls,
  );
  server.keepAliveTimeout = 65_000;
  answerMalformedHttp(server);
  server.listen(port, host, async () => {
    const base = `${tls ? 'https' : 'http'}://localhost:${port}`;
    console.log(`Sitewatch is running: ${base}`);
    // Other addresses only when the server listens on them (HOST=127.0.0.1 is this machine alone), and
    // only as addresses when a phone can use them.
    for (const line of addressLines({ port, tls: tls !== null, reachable: reachableAddresses(host), trustProxy })) console.log(line);
    const where = databaseUrl ? `PostgreSQL, schema ${schema}` : dataDir;
    console.log(`  data: ${where}${seeded ? ' (demo work created)' : ''}`);
    console.log(`Demo invite codes (${DEMO_WORK_ID}):`);
    for (const invite of await store.listInvites(DEMO_WORK_ID)) {
      const label = ROLE_LABELS[invite.role];
      console.log(`  ${invite.role.padEnd(9)} ${formatInviteCode(invite.code)}  ${inviteLink(base, invite.code)}  ${label}`);
    }
    // staff who work on several devices or works sign in with a password (README, "Staff").
    console.log('Staff password account: npx tsx sync-server/admin.ts create-staff --login <login> --name <name>, then sign in at /signin');
  });

  const shutdown = () => {
    stopRetention();
    hub.closeAll();
    server.close();
    const stopped = notifier?.stop() ?? Promise.resolve();
    // Exit whatever closing the relay or the store does; a failure is only worth a line in the log.
    void stopped
      .then(() => relay?.close())
      .then(() => store.close())
      .catch((err: unknown) => console.error('shutdown:', err))
      .finally(() => process.exit(0));
    // Idle keep-alive connections would hold close() open.
    server.closeAllConnections();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.env.SITEWATCH_WRITE_STATS === '1') {
    // For the load benchmark: this process's CPU time and its write transactions' waits, asked for twice around a run.
    process.on('SIGUSR2', () => {
      const cpu = process.cpuUsage();
      console.log(`write-stats ${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, ...store.writeStats() })}`);
    });
  }
}

main().catch((err: unknown) => {
  console.error('Sitewatch could not start:', err);
  process.exit(1);
});
