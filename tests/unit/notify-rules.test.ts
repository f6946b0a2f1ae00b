/** The pure notification rules: who is told, quiet hours in China time, masking, and the words. */
import { describe, expect, it } from 'vitest';
import { type NotifyEvent, defaultPrefs, eventOfOp, maskSecret, maskUrl, releaseTime, wants } from '../../src/core/notify';
import { renderMessage } from '../../src/core/notify-text';

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
