/**
 * Small things that got in the way on a phone, each as the person meets it: a dispute sent without its reason is
 * answered in the app's words at the field, a checklist card opens wherever it is tapped, the staff's "add point"
 * hint leads to where points are placed, and "筛选" is a control, not a heading.
 */
import { testPort } from '../ports';
import { joinedPhone } from './app';
import { expect, test } from './fixtures';
import { startServer } from './server';

test('a dispute sent without a reason is stopped at the reason field, in the app’s words, and nothing changes', async ({ browser, server }) => {
  const volunteer = await joinedPhone(browser, server, 'volunteer', '王阿姨');
  await volunteer.app.recordComplaint({ category: '噪音扰民', description: '夜里十一点还在切割路面' });
  await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

  const liaison = await joinedPhone(browser, server, 'liaison', '施工方小刘');
  const l = liaison.app.page;
  await liaison.app.issueCard('夜里十一点还在切割路面').click({ timeout: 20_000 });
  await l.getByRole('button', { name: '提出异议' }).click();
  await l.getByRole('button', { name: '提出异议 ✓' }).click();
  const reason = l.getByRole('textbox', { name: '原因' });
  await expect(l.getByRole('alert').filter({ hasText: '请写明原因，再提交。' })).toBeVisible();
  await expect(reason).toBeFocused();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(l.getByText('已上报', { exact: true }).first()).toBeVisible();
  // Writing the reason clears the message; sending it disputes the issue.
  await reason.fill('那天晚上没有施工，是隔壁工地');
  await expect(l.getByText('请写明原因，再提交。')).toHaveCount(0);
  await l.getByRole('button', { name: '提出异议 ✓' }).click();
  await expect(l.getByText('有异议', { exact: true }).first()).toBeVisible();
  await volunteer.ctx.close();
  await liaison.ctx.close();
});

test('staff: a checklist card opens from anywhere on it, the add-point hint leads to the site plan, and the filter is a button', async ({
  browser,
}, testInfo) => {
  // Its own server: it counts on the shipped checklist being the first card, which other specs' copies would change.
  const server = await startServer({ port: testPort(4520 + testInfo.parallelIndex) });
  const { ctx, app } = await joinedPhone(browser, server, 'staff', '社区小李');
  const page = app.page;

  // The issue filter is drawn as a control (bordered like the other buttons), and opens.
  const filter = page.locator('details.filters > summary');
  expect(await filter.evaluate((el) => parseFloat(getComputedStyle(el).borderTopWidth))).toBeGreaterThanOrEqual(2);
  await filter.click();
  await expect(page.getByRole('combobox', { name: '状态' })).toBeVisible();

  await page.getByRole('link', { name: /检查表/ }).click();
  await page.getByRole('button', { name: '复制“雨污管道铺设”' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '修改检查表' })).toBeVisible();
  await page.getByRole('button', { name: '返回' }).click();
  const card = page.getByRole('list', { name: '检查表' }).getByRole('listitem').first();
  // A tap at the card's bottom right, away from its name (once the list is back on screen: boundingBox does not wait).
  // The list may draw again as the sync settles: measure and tap until a tap lands on a card that is there.
  await expect(async () => {
    const box = await card.boundingBox();
    expect(box).not.toBeNull();
    await card.click({ position: { x: box!.width - 8, y: box!.height - 8 }, timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1, name: '雨污管道铺设' })).toBeVisible();

  await page.goto(server.url + '/w/demo-work/admin');
  const add = page.getByRole('region', { name: '添加点位' });
  await expect(add).toContainText('放置点位');
  await add.getByRole('link', { name: '打开平面图' }).click();
  await expect(page).toHaveURL(/\/w\/demo-work\/plans$/);
  await ctx.close();
  await server.stop();
});
