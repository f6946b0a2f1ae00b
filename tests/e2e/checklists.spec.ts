/**
 * Checklists end to end, three phones: staff copy a shipped template and
 * make it their own (a new version); a volunteer walks it offline at a point
 * with a failed item, a note and a photo, reloads mid-way (answers stay), is
 * stopped by what is missing, completes and submits; back online it syncs.
 * The liaison's phone shows the raised issue linked to the inspection item;
 * staff see the inspection at the point and under the template. The editor
 * on a touch phone: drag to reorder, and a preview as a volunteer sees it.
 */
import type { Page } from '@playwright/test';
import { testPort } from '../ports';
import { SitewatchApp, joinedPhone } from './app';
import { expect, test } from './fixtures';
import { type RunningServer, startServer } from './server';

async function jpeg(page: Page, colour: string): Promise<Buffer> {
  const b64 = await page.evaluate((c) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d')!;
    g.fillStyle = c;
    g.fillRect(0, 0, 640, 480);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!;
  }, colour);
  return Buffer.from(b64, 'base64');
}

const NAME = '雨污管道铺设（3号楼段）';

test('staff adapt a shipped checklist; a volunteer walks it offline, reloads, submits; the failed item reaches the liaison as an issue', async ({
  browser,
  server,
}) => {
  // Staff: copy the shipped pipe-laying template, rename it, make the bedding item required: version 2.
  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  const s = staff.app.page;
  const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await s.getByRole('link', { name: /检查表/ }).click();
  await fits(s);
  await s.getByRole('button', { name: '复制“雨污管道铺设”' }).click();
  await expect(s.getByRole('heading', { level: 1, name: '修改检查表' })).toBeVisible();
  await fits(s);
  await s.getByLabel('检查表名称').fill(NAME);
  const bedding = s.getByRole('group', { name: '项目 7', exact: true });
  await expect(bedding.getByLabel('项目名称')).toHaveValue(/垫层/);
  await bedding.getByRole('checkbox', { name: '必填' }).check();
  // A broken edit is refused with the reason, nothing saved.
  await s.getByRole('group', { name: '项目 1', exact: true }).getByLabel('项目名称').fill('');
  await s.getByRole('button', { name: '保存为新版本' }).click();
  await expect(s.getByRole('alert')).toContainText('检查表有问题');
  await s.getByRole('group', { name: '项目 1', exact: true }).getByLabel('项目名称').fill('今天有没有铺设管道');
  await s.getByRole('button', { name: '保存为新版本' }).click();
  await expect(s.getByRole('status').filter({ hasText: '已保存为第 2 版' })).toBeVisible();
  await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

  // Volunteer: offline from here on.
  const volunteer = await joinedPhone(browser, server, 'volunteer', '孙阿姨');
  const v = volunteer.app.page;
  await volunteer.ctx.setOffline(true);
  await volunteer.app.openPoint('南门雨水检查井');
  await v.getByLabel('选择检查表').selectOption({ label: NAME });
  await v.getByRole('button', { name: '在这个点位开始检查' }).click();
  await expect(v.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const item = (name: string) => v.getByRole('group', { name: new RegExp(`^${name}`) });

  // Part of it, in any order; the depth item appears only once "pipes laid today" is yes.
  await item('接口密封').getByRole('radio', { name: '合格', exact: true }).check();
  await expect(item('管顶覆土深度')).toHaveCount(0);
  await item('今天有没有铺设管道').getByRole('radio', { name: '是', exact: true }).check();
  await item('管顶覆土深度').getByLabel('数值（米）').fill('12');
  await item('管顶覆土深度').getByLabel('数值（米）').press('Tab');
  await expect(item('管顶覆土深度').getByRole('alert')).toContainText('可填 0–10 米');
  await item('管顶覆土深度').getByLabel('数值（米）').fill('0.5');
  await item('管顶覆土深度').getByLabel('数值（米）').press('Tab');
  await expect(item('管顶覆土深度')).toHaveClass(/failed/);
  await item('管顶覆土深度')
    .getByRole('button', { name: /加备注、照片或语音/ })
    .click();
  await item('管顶覆土深度').getByLabel('备注（可不填）').fill('检查井旁覆土太浅');
  await item('管顶覆土深度').getByLabel('备注（可不填）').press('Tab');
  await item('管顶覆土深度')
    .getByLabel('管顶覆土深度 · 从相册选择')
    .setInputFiles({ name: 'depth.jpg', mimeType: 'image/jpeg', buffer: await jpeg(v, '#7a5230') });
  await expect(item('管顶覆土深度').getByRole('img', { name: '管顶覆土深度 第 1 张照片' })).toBeVisible({ timeout: 20_000 });

  // Phone width: nothing sticks out sideways.
  await fits(v);

  // Reload, still offline: the draft and its answers are still there.
  await v.reload();
  await expect(item('接口密封').getByRole('radio', { name: '合格', exact: true })).toBeChecked();
  await expect(item('管顶覆土深度').getByLabel('数值（米）')).toHaveValue('0.5');
  await expect(item('管顶覆土深度').getByLabel('备注（可不填）')).toHaveValue('检查井旁覆土太浅');
  await expect(item('管顶覆土深度').getByRole('img', { name: '管顶覆土深度 第 1 张照片' })).toBeVisible();

  // Submitting now is stopped, with what is missing (including the item staff made required in version 2).
  await v.getByRole('button', { name: '提交检查' }).click();
  const missing = v.getByRole('region', { name: '还缺什么' });
  await expect(missing).toBeFocused();
  await expect(missing.getByRole('heading')).toHaveText(/还差 \d+ 项才能提交/);
  // "At least 2" laying photos on a day pipes were laid means what it says: none is not enough.
  for (const name of ['管线类别', '坡度（千分比）', '铺设过程照片', '管底砂石垫层已铺平', '雨污分开', '开着的沟槽']) await expect(missing).toContainText(name);
  await expect(missing).not.toContainText('接口密封');
  await expect(v.getByText('检查已提交')).toHaveCount(0);

  await item('管线类别').getByRole('radio', { name: '污水管' }).check();
  await item('坡度（千分比）').getByLabel('数值（‰）').fill('4');
  await item('坡度（千分比）').getByLabel('数值（‰）').press('Tab');
  await item('管底砂石垫层已铺平').getByRole('radio', { name: '合格', exact: true }).check();
  await item('雨污分开').getByRole('radio', { name: '合格', exact: true }).check();
  await item('开着的沟槽').getByRole('radio', { name: '合格', exact: true }).check();
  await expect(item('铺设过程照片')).toContainText('照片（至少 2 张） · 已有 0 张');
  for (const [n, colour] of [
    [1, '#3a6b8c'],
    [2, '#8c6b3a'],
  ] as const) {
    await item('铺设过程照片')
      .getByLabel('铺设过程照片 · 从相册选择')
      .setInputFiles({ name: `laying-${n}.jpg`, mimeType: 'image/jpeg', buffer: await jpeg(v, colour) });
    await expect(item('铺设过程照片').getByRole('img', { name: `铺设过程照片 第 ${n} 张照片` })).toBeVisible({ timeout: 20_000 });
  }
  await expect(missing).toContainText('必填项目都已填写');
  await expect(missing).toContainText('1 项不合格生成问题');
  await v.getByRole('button', { name: '提交检查' }).click();
  await expect(v.getByRole('status').filter({ hasText: '检查已提交' })).toBeVisible();
  const raised = v.getByRole('region', { name: '生成的问题' });
  await expect(raised.getByRole('link', { name: '管顶覆土深度' })).toBeVisible();
  await expect(raised).toContainText('0.5 米');
  await expect(v.getByText('待同步').first()).toBeVisible();

  // Back online: it syncs by itself.
  await volunteer.ctx.setOffline(false);
  await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 30_000 });

  // The liaison sees the raised issue, linked to the inspection item and its photo.
  const liaison = await joinedPhone(browser, server, 'liaison', '施工队吴工');
  const l = liaison.app.page;
  await liaison.app.issueCard('管顶覆土深度').click();
  await expect(l.getByText(`来自检查：${NAME} · 管顶覆土深度`)).toBeVisible();
  await expect(l.getByText(/0\.5 米 — 检查井旁覆土太浅/)).toBeVisible();
  await expect(l.getByRole('img', { name: '管顶覆土深度 第 1 张照片' })).toBeVisible({ timeout: 20_000 });
  await l.getByRole('link', { name: '查看检查' }).click();
  await expect(l.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await expect(l.getByRole('row', { name: /管顶覆土深度/ })).toContainText('0.5 米');
  // Printed: the answers without the app's header and buttons.
  await l.emulateMedia({ media: 'print' });
  await expect(l.getByRole('banner')).toBeHidden();
  await expect(l.getByRole('button', { name: /打印/ })).toBeHidden();
  await expect(l.getByRole('row', { name: /管顶覆土深度/ })).toBeVisible();
  await l.emulateMedia({ media: 'screen' });

  // Staff see it at the point and under the template, with its failed count.
  await staff.app.syncChip().click();
  await s.goto(`${server.url}/w/demo-work`);
  await staff.app.openPoint('南门雨水检查井');
  const atPoint = s.getByRole('list', { name: '检查记录' }).getByRole('link', { name: new RegExp(NAME) });
  await expect(atPoint).toContainText('已提交', { timeout: 20_000 });
  await expect(atPoint).toContainText('1 项不合格');
  await s.goto(`${server.url}/w/demo-work/checklists`);
  await s.getByRole('link', { name: NAME }).click();
  await expect(s.getByText('第 2 版')).toBeVisible();
  await expect(s.getByRole('list', { name: '历次检查' }).getByRole('link')).toHaveCount(1);

  for (const x of [staff, volunteer, liaison]) await x.ctx.close();
});

test('the checklist editor on a phone: sections fold away, items move by buttons (never before the item they depend on); a volunteer gets the new order', async ({
  browser,
}, testInfo) => {
  // Its own server: the template copied here must not meet the other checklist specs' templates.
  const server: RunningServer = await startServer({ port: testPort(4510 + testInfo.parallelIndex) });
  try {
    const staff = await joinedPhone(browser, server, 'staff', '社区小王');
    const s = staff.app.page;
    await s.getByRole('link', { name: /检查表/ }).click();
    await s.getByRole('button', { name: '复制“雨污管道铺设”' }).click();
    await expect(s.getByRole('heading', { level: 1, name: '修改检查表' })).toBeVisible();
    const item = (n: number) => s.getByRole('group', { name: `项目 ${n}`, exact: true });

    // "Line" waits for "laid today": it cannot move above it, nor can "laid today" move below it.
    await expect(s.getByRole('button', { name: '下移第 1 项' })).toBeDisabled();
    await expect(s.getByRole('button', { name: '上移第 2 项' })).toBeDisabled();
    // Joints before bedding.
    await expect(item(8).getByLabel('项目名称')).toHaveValue(/接口密封/);
    await s.getByRole('button', { name: '上移第 8 项' }).click();
    await expect(item(7).getByLabel('项目名称')).toHaveValue(/接口密封/);
    await expect(item(8).getByLabel('项目名称')).toHaveValue(/垫层/);

    // The first section folds away, and comes back.
    await s.getByRole('button', { name: '收起本节：今天的铺设（6 项）' }).click();
    await expect(item(1)).toHaveCount(0);
    await expect(item(7)).toBeVisible();
    expect(await s.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await s.getByRole('button', { name: '展开本节（6 项）：今天的铺设' }).click();
    await expect(item(1)).toBeVisible();

    await s.getByRole('button', { name: '保存为新版本' }).click();
    await expect(s.getByRole('status').filter({ hasText: '已保存为第 2 版' })).toBeVisible();
    await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

    // A volunteer's phone walks the new version in the new order.
    const volunteer = await joinedPhone(browser, server, 'volunteer', '孙阿姨');
    const v = volunteer.app.page;
    await volunteer.app.openPoint('南门雨水检查井');
    // The demo work holds a "雨污管道铺设" already: the copy was named apart.
    await v.getByLabel('选择检查表').selectOption({ label: '雨污管道铺设（2）' });
    await v.getByRole('button', { name: '在这个点位开始检查' }).click();
    const section = v.getByRole('region', { name: '接口、分流与回填' });
    await expect(section.getByRole('group').first()).toHaveAccessibleName(/^接口密封/);
    for (const p of [staff, volunteer]) await p.ctx.close();
  } finally {
    await server.stop();
  }
});

test('the checklist editor on a touch phone: an item is dragged to a new place with a finger (never before the item it depends on), and "预览" shows the checklist as a volunteer sees it', async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const s = app.page;
  await app.join('staff', '社区小赵');
  await s.getByRole('link', { name: /检查表/ }).click();
  await s.getByRole('button', { name: '复制“雨污管道铺设”' }).click();
  await expect(s.getByRole('heading', { level: 1, name: '修改检查表' })).toBeVisible();
  const item = (n: number) => s.getByRole('group', { name: `项目 ${n}`, exact: true });
  const dragNote = s.getByRole('status').filter({ hasText: /第 \d+ 项将放到|不能排到/ });

  // A finger on the handle, as the phone's touch screen sends it (touch events become pointer events).
  const cdp = await ctx.newCDPSession(s);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  /** Drags item n's handle up to the top of the screen and holds it there (the page scrolls) until the editor says it would land at place `to`. */
  const dragUp = async (n: number, to: number) => {
    const handle = item(n).getByRole('button', { name: `按住拖动第 ${n} 项，换个位置` });
    await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const box = (await handle.boundingBox())!;
    const x = box.x + box.width / 2;
    await touch('touchStart', x, box.y + box.height / 2);
    // Upwards in small steps, as a finger moves, to near the top edge.
    for (let y = box.y + box.height / 2 - 40; y > 20; y -= 40) await touch('touchMove', x, y);
    await touch('touchMove', x, 20);
    await expect(dragNote).toHaveText(`第 ${n} 项将放到第 ${to} 项的位置`, { timeout: 20_000 });
    await touch('touchEnd');
  };

  // Section 2 starts with the bedding (7), then the joints (8): the joints are dragged above the bedding.
  await expect(item(7).getByLabel('项目名称')).toHaveValue(/垫层/);
  await expect(item(8).getByLabel('项目名称')).toHaveValue(/接口密封/);
  await dragUp(8, 7);
  await expect(item(7).getByLabel('项目名称')).toHaveValue(/接口密封/);
  await expect(item(8).getByLabel('项目名称')).toHaveValue(/垫层/);
  // The page did not scroll sideways and the up and down buttons are still there.
  expect(await s.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(s.getByRole('button', { name: '上移第 8 项' })).toBeVisible();

  // "Line" (2) is asked only after "laid today" (1): dropped above it, it stays below, and the editor says why.
  await expect(item(2).getByLabel('项目名称')).toHaveValue('管线类别');
  await dragUp(2, 1);
  await expect(s.getByRole('status').filter({ hasText: '不能排到它所依赖的题目前面' })).toBeAttached();
  await expect(item(1).getByLabel('项目名称')).toHaveValue('今天有没有铺设管道');
  await expect(item(2).getByLabel('项目名称')).toHaveValue('管线类别');

  // The preview: the checklist as a volunteer answers it, unsaved changes included, items appearing with answers.
  await s.getByRole('button', { name: '👁 预览（监督员看到的样子）' }).click();
  const preview = s.getByRole('region', { name: /^预览：/ });
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('region', { name: '接口、分流与回填' }).getByRole('group').first()).toHaveAccessibleName(/^接口密封/);
  await expect(preview.getByRole('radiogroup', { name: '管线类别' })).toHaveCount(0);
  await preview.getByRole('radiogroup', { name: '今天有没有铺设管道' }).getByText('是', { exact: true }).click();
  await expect(preview.getByRole('radiogroup', { name: '管线类别' })).toBeVisible();
  expect(await s.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // Back to editing: the edit is where it was, and saving keeps the new order.
  await s.getByRole('button', { name: '✎ 返回编辑' }).first().click();
  await expect(item(7).getByLabel('项目名称')).toHaveValue(/接口密封/);
  await s.getByRole('button', { name: '保存为新版本' }).click();
  await expect(s.getByRole('status').filter({ hasText: '已保存为第 2 版' })).toBeVisible();
  await ctx.close();
});
