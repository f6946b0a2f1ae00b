/**
 * What batching saves: 1,000 new, non-urgent issues reported within one minute across 20 works, each
 * work with a liaison who asked for e-mail and a WeCom group robot. The worker runs on a simulated
 * clock (a tick a second for ten minutes, so the robots' 20-a-minute limit plays out), once with the
 * 5-minute batching window and once without, in the same run, on SQLite. Counted: the messages the
 * channels were asked to send (counting adapters stand in for SMTP and WeCom), per 100 events.
 *
 * Run alone: npx tsx tests/bench/notify-batch.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_WINDOW_MS, type NotifyEvent, defaultPrefs } from '../../src/core/notify';
import type { ChannelAdapter } from '../../sync-server/notify/channels';
import { Notifier } from '../../sync-server/notify/notifier';
import { openSqliteStore } from '../../sync-server/sqlite-store';
import { type BenchResult, type BenchModule, isMain, round, runStandalone } from './common';

const WORKS = 20;
const EVENTS = 1_000;
const SPREAD_MS = 60_000;
const SIMULATED_MS = 10 * 60_000;

interface Counts {
  wecom: number;
  email: number;
  /** Events the messages named (a batch names several). */
  listed: number;
  workerMs: number;
}

async function simulate(batchWindowMs: number): Promise<Counts> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-batch-'));
  const store = openSqliteStore(join(dir, 'sitewatch.sqlite'));
  const counts: Counts = { wecom: 0, email: 0, listed: 0, workerMs: 0 };
  const counting = (channel: 'wecom' | 'email'): ChannelAdapter => ({
    send(_config, msg) {
      counts[channel]++;
      counts.listed += Math.max(1, msg.message.text.split('\n').filter((l) => l.startsWith('https://')).length);
      return Promise.resolve({ ok: true });
    },
  });
  // A window start plus a minute: the minute of reports falls in one window, as most minutes do.
  const t0 = Math.ceil(Date.now() / BATCH_WINDOW_MS) * BATCH_WINDOW_MS + 60_000;
  let clock = t0;
  try {
    for (let w = 0; w < WORKS; w++) {
      const work = `bench-work-${w}`;
      const liaison = `bench-liaison-${w}`;
      await store.transaction(
        (tx) => tx.addMember({ memberId: liaison, work, name: `联络 ${w}`, role: 'liaison', deviceId: `d-${w}`, tokenHash: `h-${w}`, now: t0 }),
        {
          work,
        },
      );
      const prefs = { ...defaultPrefs(), email: `li${w}@example.cn`, viaEmail: true, quiet: null };
      await store.notify.putPrefs(liaison, work, JSON.stringify(prefs), t0);
      await store.notify.putChannel(work, 'wecom', JSON.stringify({ enabled: true, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }), t0);
      const email = { enabled: true, host: 'smtp.example.cn', port: 465, secure: true, user: '', pass: '', from: 'sitewatch@example.cn' };
      await store.notify.putChannel(work, 'email', JSON.stringify(email), t0);
    }
    const notifier = new Notifier({
      store,
      baseUrl: 'https://sitewatch.example.cn',
      now: () => clock,
      batchWindowMs,
      summaries: false,
      batch: 200,
      adapters: { wecom: counting('wecom') as ChannelAdapter<'wecom'>, email: counting('email') as ChannelAdapter<'email'> },
    });
    let next = 0;
    for (clock = t0; clock <= t0 + SIMULATED_MS; clock += 1_000) {
      // The reports of this second, as pushes would have written them.
      for (; next < EVENTS && t0 + Math.floor((next * SPREAD_MS) / EVENTS) <= clock; next++) {
        const event: NotifyEvent = {
          kind: 'new',
          issue: `bench-issue-${next}`,
          category: 'noise',
          severity: 'low',
          pointId: null,
          reportedBy: 'bench-volunteer',
          actor: 'bench-volunteer',
          urgent: false,
        };
        const work = `bench-work-${next % WORKS}`;
        await store.notify.addEvent({ key: `bench-op-${next}`, work, kind: 'new', issue: event.issue, body: JSON.stringify(event), createdAt: clock });
      }
      const started = performance.now();
      await notifier.drain(20);
      counts.workerMs += performance.now() - started;
    }
    await store.close();
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<BenchResult> {
  const alone = await simulate(0);
  const batched = await simulate(BATCH_WINDOW_MS);
  const per100 = (c: Counts) => round(((c.wecom + c.email) * 100) / EVENTS, 1);
  const failures: string[] = [];
  // One window per work and channel: exactly one message each.
  if (batched.wecom !== WORKS || batched.email !== WORKS)
    failures.push(`batched: ${batched.wecom} WeCom and ${batched.email} e-mail messages, expected ${WORKS} each`);
  if (alone.wecom !== EVENTS || alone.email !== EVENTS)
    failures.push(`unbatched: ${alone.wecom} WeCom and ${alone.email} e-mail messages, expected ${EVENTS} each`);
  if (batched.listed < WORKS * 2 * Math.min(10, EVENTS / WORKS)) failures.push('batched messages do not list their issues');
  return {
    figures: [
      {
        name: 'messages sent per 100 new issues, batched per 5 minutes (WeCom + e-mail)',
        value: per100(batched),
        unit: 'messages',
        baseline: 'the same without batching',
        baselineValue: per100(alone),
      },
      {
        name: 'worker time for 1,000 issues over 20 works (600 simulated one-second ticks, idle ones included), batched',
        value: round(batched.workerMs, 0),
        unit: 'ms',
        baseline: 'the same without batching',
        baselineValue: round(alone.workerMs, 0),
      },
    ],
    failures,
    notes: [
      `Batching: ${EVENTS} new non-urgent issues within one minute across ${WORKS} works (each: one liaison by e-mail, one WeCom robot), ` +
        `the worker on a simulated clock ticking each second for ${SIMULATED_MS / 60_000} minutes, SQLite, counting adapters for the channels. ` +
        `Batched: ${batched.wecom} WeCom and ${batched.email} e-mail messages (one per work and channel, each listing up to 10 issues and counting the rest); ` +
        `without batching: ${alone.wecom} and ${alone.email}, the robots held to 20 a minute.`,
    ],
  };
}

export const notifyBatch: BenchModule = { title: 'notify batching', run };

if (isMain(import.meta.url)) runStandalone(run);
