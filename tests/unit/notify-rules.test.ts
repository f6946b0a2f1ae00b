/** The pure notification rules: who is told, quiet hours in China time, masking, and the words. */
import { describe, expect, it } from 'vitest';
import type { IssueStatus } from '../../src/core';
import {
  BATCH_WINDOW_MS,
  type NotifyEvent,
  batchRelease,
  chinaDay,
  defaultPrefs,
  digestTimeOf,
  NOTIFY_EVENT_KINDS,
  eventOfOp,
  isMonday,
  maskSecret,
  maskUrl,
  releaseTime,
  summarise,
  wants,
  type WorkSummary,
} from '../../src/core/notify';
import { ISSUE_NUMBER_MAX } from '../../src/core/ops/issue';
import { renderMessage, renderSummary } from '../../src/core/notify-text';
import { SMS_MAX_CHARS, smsText } from '../../sync-server/notify/channels';
import { parsePrefs, storedPrefs } from '../../sync-server/notify/notifier';

/** A time in China (UTC+8) as epoch ms. */
const china = (iso: string) => Date.parse(`${iso}+08:00`);
const quiet = { from: '22:00', to: '07:00' };
const issue = { id: 'i1', category: 'noise' as const, severity: 'low' as const, pointId: null, reportedBy: 'vol', status: 'reported' as const };

describe('quiet hours (China time)', () => {
  it('holds a message sent at 23:30 until 07:00 the next morning, and one at 06:59 until 07:00', () => {
    expect(releaseTime(china('2026-12-04T23:30:00'), quiet, false)).toBe(china('2026-12-05T07:00:00'));
    expect(releaseTime(china('2026-12-05T06:59:00'), quiet, false)).toBe(china('2026-12-05T07:00:00'));
  });
  it('lets through what is outside them, what is urgent, and everything when there are none', () => {
    expect(releaseTime(china('2026-12-04T21:59:00'), quiet, false)).toBe(china('2026-12-04T21:59:00'));
    expect(releaseTime(china('2026-12-04T07:00:00'), quiet, false)).toBe(china('2026-12-04T07:00:00'));
    expect(releaseTime(china('2026-12-04T23:30:00'), quiet, true)).toBe(china('2026-12-04T23:30:00'));
    expect(releaseTime(china('2026-12-04T23:30:00'), null, false)).toBe(china('2026-12-04T23:30:00'));
  });
  it('works for a daytime window too (12:00-14:00)', () => {
    expect(releaseTime(china('2026-12-04T12:30:00'), { from: '12:00', to: '14:00' }, false)).toBe(china('2026-12-04T14:00:00'));
  });
});

describe('who is told', () => {
  it('a new issue tells liaisons, not its reporter; "fixed" tells the reporter and volunteers; in progress tells no one', () => {
    const created = eventOfOp({ kind: 'issue.create', actor: 'vol' }, undefined, issue)!;
    expect(created.kind).toBe('new');
    expect(wants(created, 'liaison', 'li', defaultPrefs())).toBe(true);
    expect(wants(created, 'volunteer', 'vol', defaultPrefs())).toBe(false);
    expect(wants(created, 'staff', 'st', defaultPrefs())).toBe(false);
    const fixed = eventOfOp({ kind: 'issue.transition', actor: 'li' }, { ...issue, status: 'in_progress' }, { ...issue, status: 'resolved' })!;
    expect(fixed.kind).toBe('resolved');
    expect(wants(fixed, 'volunteer', 'vol', defaultPrefs())).toBe(true);
    expect(wants(fixed, 'liaison', 'li', defaultPrefs())).toBe(false);
    expect(eventOfOp({ kind: 'issue.transition', actor: 'li' }, { ...issue, status: 'acknowledged' }, { ...issue, status: 'in_progress' })).toBeNull();
    expect(eventOfOp({ kind: 'issue.comment', actor: 'li' }, issue, issue)).toBeNull();
  });
  it('a member who turned a kind off is not told of it', () => {
    const created = eventOfOp({ kind: 'issue.create', actor: 'vol' }, undefined, issue)!;
    expect(wants(created, 'liaison', 'li', { ...defaultPrefs(), events: ['overdue'] })).toBe(false);
  });
  it('urgent: a high-severity issue', () => {
    expect(eventOfOp({ kind: 'issue.create', actor: 'vol' }, undefined, { ...issue, severity: 'high' })!.urgent).toBe(true);
  });
});

describe('secrets and words', () => {
  it('masks a robot key in its address and a shared secret', () => {
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=69****aa',
    );
    expect(maskSecret('abc')).toBe('****');
  });
  it('names the work, the point and the category in each language, and keeps markdown out of names', () => {
    const event: Pick<NotifyEvent, 'kind' | 'urgent' | 'category'> = { kind: 'resolved', urgent: false, category: 'dust' };
    const zh = renderMessage('zh-CN', '东门车库改造', [{ ...event, pointName: '3号楼 [北]', link: 'https://x.cn/w/a/issues/b' }]);
    expect(zh.title).toBe('已整改，请核实 · 东门车库改造');
    expect(zh.text).toContain('类别: 扬尘 · 点位: 3号楼  北 ');
    expect(zh.markdown).toContain('[打开](https://x.cn/w/a/issues/b)');
    const en = renderMessage('en', 'East gate garage', [{ ...event, pointName: null, link: 'https://x.cn/w/a/issues/b' }]);
    expect(en.title).toBe('Fixed, please verify · East gate garage');
    expect(en.text).toContain('Category: dust');
  });
});

describe('batching windows', () => {
  it('everything due within one 5-minute window leaves at its end; a window of 0 sends at once', () => {
    const start = china('2026-12-04T10:05:00');
    expect(batchRelease(start + 1, BATCH_WINDOW_MS)).toBe(china('2026-12-04T10:10:00'));
    expect(batchRelease(china('2026-12-04T10:09:59'), BATCH_WINDOW_MS)).toBe(china('2026-12-04T10:10:00'));
    expect(batchRelease(china('2026-12-04T10:10:00'), BATCH_WINDOW_MS)).toBe(china('2026-12-04T10:10:00'));
    expect(batchRelease(start + 1, 0)).toBe(start + 1);
  });
  it('a batch of one kind is titled by it; a mixed one counts the updates and names each line', () => {
    const item = (kind: 'new' | 'reopened', category: 'dust' | 'noise') => ({ kind, urgent: false, category, pointName: null, link: `https://x/${category}` });
    expect(renderMessage('zh-CN', '东门', [item('new', 'dust'), item('new', 'noise')], 3).title).toBe('新问题 ×5 · 东门');
    const mixed = renderMessage('zh-CN', '东门', [item('new', 'dust'), item('reopened', 'noise')]);
    expect(mixed.title).toBe('2 条新通知 · 东门');
    expect(mixed.text).toContain('问题被重新打开 · 类别: 噪音扰民');
  });
});

describe('the 08:00 digest and the weekly summary', () => {
  it('falls at 08:00 China time (00:00 UTC) on the China calendar day; Mondays carry the weekly one', () => {
    expect(chinaDay(china('2026-12-07T07:59:00'))).toBe('2026-12-07');
    expect(chinaDay(Date.parse('2026-12-06T16:30:00Z'))).toBe('2026-12-07');
    expect(digestTimeOf('2026-12-07')).toBe(Date.parse('2026-12-07T00:00:00Z'));
    expect(isMonday('2026-12-07')).toBe(true);
    expect(isMonday('2026-12-08')).toBe(false);
  });
  it('counts what is open, waiting, overdue, disputed and fixed, and lists the most overdue first', () => {
    const now = china('2026-12-07T08:00:00');
    const stamp = (iso: string) => `${String(china(iso)).padStart(15, '0')}:0000:dev`;
    const row = (id: string, status: IssueStatus, reported: string, plannedDate: string | null = null, updated = reported) => ({
      id,
      category: 'noise' as const,
      pointId: null,
      status,
      reportedAt: stamp(reported),
      updatedAt: stamp(updated),
      plannedDate,
    });
    const issues = [
      row('fresh', 'reported', '2026-12-07T07:00:00'), // waiting, not late (24 h to answer)
      row('late-ack', 'reported', '2026-12-05T07:00:00'), // waiting, 25 h late
      row('late-plan', 'acknowledged', '2026-12-04T09:00:00', '2026-12-05'), // planned date passed 32 h ago
      row('disputed', 'disputed', '2026-12-01T09:00:00'),
      row('fixed', 'verified', '2026-12-02T09:00:00', null, '2026-12-06T20:00:00'),
    ];
    const day = summarise(issues, { acknowledgeHours: 24, resolveDays: 7 }, now, 'day');
    expect(day).toMatchObject({ period: 'day', reported: 1, waiting: 2, open: 3, overdue: 2, disputed: 1, fixed: 1 });
    expect(day.items.map((i) => i.issue)).toEqual(['late-plan', 'late-ack', 'fresh']);
    const week = summarise(issues, { acknowledgeHours: 24, resolveDays: 7 }, now, 'week');
    expect(week.reported).toBe(5);
    const text = renderSummary('zh-CN', '东门', day, [], 'https://x/w/w1').text;
    expect(text).toContain('已整改 1 条；待确认 2，未整改 3，其中逾期 2；有异议 1');
  });
  it("is worded for its reader: a liaison's to-do (what to acknowledge and fix), staff's overview figures", () => {
    const summary: WorkSummary = { period: 'day', reported: 4, waiting: 2, open: 3, overdue: 1, disputed: 2, fixed: 5, items: [] };
    const line = [{ category: 'noise' as const, pointName: '东门', lateMs: 3 * 3_600_000, link: 'https://x/w/w1/issues/i1' }];
    const todo = renderSummary('zh-CN', '东门', summary, line, 'https://x/w/w1', 'todo').text;
    expect(todo).toContain('请您处理：待确认 2 条，未整改 3 条，其中逾期 1 条。');
    // Disputes and fixes are for staff; the liaison's lines are their own to do, the most overdue first.
    expect(todo).not.toContain('有异议');
    expect(todo).not.toContain('已整改');
    expect(todo).toContain('逾期 3h · 类别: 噪音扰民 · 点位: 东门');
    const overview = renderSummary('zh-CN', '东门', summary, line, 'https://x/w/w1', 'overview').text;
    expect(overview).toContain('过去一天新报 4 条，已整改 5 条；待确认 2，未整改 3，其中逾期 1；有异议 2。');
    expect(overview).not.toContain('请您处理');
    expect(renderSummary('en', 'East gate', summary, [], 'https://x/w/w1', 'todo').text).toContain('Yours to do: 2 to acknowledge, 3 open, 1 of them overdue.');
    // Nothing left to do for the liaison, though staff still have disputes to take to the meeting.
    const done = { ...summary, waiting: 0, open: 0, overdue: 0 };
    expect(renderSummary('zh-CN', '东门', done, [], 'https://x/w/w1', 'todo').text).toContain('没有待办。');
    expect(renderSummary('zh-CN', '东门', done, [], 'https://x/w/w1', 'overview').text).not.toContain('没有待办。');
  });
});

describe('messages name an issue by its number', () => {
  const link = 'https://x.cn/w/a/issues/b';
  const item = (number?: number) => ({
    kind: 'new' as const,
    urgent: false,
    category: 'dust' as const,
    pointName: '3号楼',
    link,
    ...(number !== undefined && { number }),
  });

  it('a message about one issue has its number in the title and its line, in each language; one without a number shows none', () => {
    const zh = renderMessage('zh-CN', '东门车库改造', [item(142)]);
    expect(zh.title).toBe('新问题 #142 · 东门车库改造');
    expect(zh.text).toContain('#142 · 类别: 扬尘 · 点位: 3号楼');
    expect(zh.markdown).toContain('> #142 · 类别: 扬尘');
    const en = renderMessage('en', 'East gate garage', [{ ...item(7), kind: 'overdue', urgent: true }]);
    expect(en.title).toBe('[URGENT] Issue past its response target #7 · East gate garage');
    expect(en.text).toContain('#7 · Category: dust');

    for (const lang of ['zh-CN', 'en'] as const) {
      const none = renderMessage(lang, '东门', [item()]);
      expect(none.title).toBe(`${lang === 'en' ? 'New issue' : '新问题'} · 东门`);
      for (const text of [none.title, none.text, none.markdown]) expect(text).not.toMatch(/#\d|#undefined|#null/);
    }
  });

  it('a batch numbers each line (and its title counts them); a mixed one puts the number before the kind', () => {
    const batch = renderMessage('zh-CN', '东门', [item(3), item(4), item()]);
    expect(batch.title).toBe('新问题 ×3 · 东门');
    expect(batch.text).toContain('#3 · 类别: 扬尘');
    expect(batch.text).toContain('#4 · 类别: 扬尘');
    expect(batch.text.match(/#\d+/g)).toEqual(['#3', '#4']);
    const mixed = renderMessage('en', 'East gate', [item(3), { ...item(9), kind: 'reopened', category: 'noise' }]);
    expect(mixed.text).toContain('#9 · Issue reopened · Category: noise');
  });

  it("a digest's lines carry the numbers of the issues they list", () => {
    const summary: WorkSummary = { period: 'day', reported: 1, waiting: 1, open: 2, overdue: 1, disputed: 0, fixed: 0, items: [] };
    const lines = [
      { category: 'noise' as const, pointName: '东门', lateMs: 3 * 3_600_000, link: 'https://x/w/w1/issues/i1', number: 12 },
      { category: 'dust' as const, pointName: null, lateMs: 0, link: 'https://x/w/w1/issues/i2' },
    ];
    const zh = renderSummary('zh-CN', '东门', summary, lines, 'https://x/w/w1', 'todo');
    expect(zh.text).toContain('#12 · 逾期 3h · 类别: 噪音扰民 · 点位: 东门');
    expect(zh.text).toContain('\n待确认 · 类别: 扬尘');
    expect(zh.markdown).toContain('> #12 · 逾期 3h');
    expect(renderSummary('en', 'East gate', summary, lines, 'https://x/w/w1').text).toContain('#12 · overdue 3h · Category: noise · Point: 东门');
    // The summary's items keep the numbers of the issues they were made from.
    const now = china('2026-12-07T08:00:00');
    const stamp = `${String(china('2026-12-07T07:00:00')).padStart(15, '0')}:0000:dev`;
    const row = { category: 'noise' as const, pointId: null, status: 'reported' as const, reportedAt: stamp, updatedAt: stamp, plannedDate: null };
    const made = summarise(
      [
        { ...row, id: 'a', number: 5 },
        { ...row, id: 'b' },
      ],
      { acknowledgeHours: 24, resolveDays: 7 },
      now,
      'day',
    );
    expect(made.items).toEqual([
      { issue: 'a', category: 'noise', pointId: null, lateMs: 0, number: 5 },
      { issue: 'b', category: 'noise', pointId: null, lateMs: 0 },
    ]);
  });

  it('an event carries the number of the issue it is about, or none', () => {
    expect(eventOfOp({ kind: 'issue.create', actor: 'vol' }, undefined, { ...issue, number: 142 })!.number).toBe(142);
    expect('number' in eventOfOp({ kind: 'issue.create', actor: 'vol' }, undefined, issue)!).toBe(false);
  });

  it('an SMS keeps the number whatever the kind, language, urgency and length of the names and the link', () => {
    const longLink = `https://sitewatch.some-district.example.gov.cn/w/${'w'.repeat(36)}/issues/${'i'.repeat(36)}`;
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const kind of NOTIFY_EVENT_KINDS) {
        const message = renderMessage(lang, '很长的工程名'.repeat(40), [{ ...item(ISSUE_NUMBER_MAX), kind, urgent: true, pointName: '点'.repeat(200) }]);
        const sms = smsText({ message, link: longLink });
        expect(sms.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
        expect(sms).toContain(`#${ISSUE_NUMBER_MAX} · `);
        // The title stays short enough that the link fits after it, whole.
        expect(sms).toContain(longLink);
      }
    }
  });
});

describe('preferences saved before a kind existed', () => {
  it('a kind added later is on for a member who saved before it; one they turned off since stays off', () => {
    const before = { ...defaultPrefs(), events: ['new', 'overdue'] };
    // Saved by the earlier server: no `known` list, chosen among the first nine kinds.
    const legacy = parsePrefs(JSON.stringify(before));
    expect(legacy.events).toEqual(['new', 'overdue', 'fixDueSoon', 'plannedDueSoon', 'plannedOverdue', 'digest', 'weekly']);
    // Saved now, with the digest turned off: it stays off.
    const now = parsePrefs(storedPrefs({ ...defaultPrefs(), events: ['new', 'overdue', 'fixDueSoon'] }));
    expect(now.events).toEqual(['new', 'overdue', 'fixDueSoon']);
  });
});
