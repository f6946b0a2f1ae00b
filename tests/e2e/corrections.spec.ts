/**
 * Correcting mistakes: each correction is an op that syncs, so a second phone sees the same
 * result, and the history says who changed what.
 */
import { joinedPhone } from './app';
import { expect, test } from './fixtures';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';
import { makeJpeg } from './images';

test("a complaint's text, category, point and severity are corrected by its reporter and by staff; both phones agree", async ({ browser, server }) => {
  const volunteer = await joinedPhone(browser, server, 'volunteer', '更正的钱阿姨');
  const staff = await joinedPhone(browser, server, 'staff', '社区小郑');
  const liaison = await joinedPhone(browser, server, 'liaison', '施工队冯工');
  const v = volunteer.app.page;
  const text = `2号楼门口积水 ${Date.now()}`;
  await volunteer.app.recordComplaint({ category: '噪音扰民', description: text });
  await volunteer.app.issueCard(text).click();

  // The reporter corrects four fields at once.
  await v.getByRole('button', { name: '修改投诉内容' }).click();
  // Nothing changed yet: saving says so instead of recording an empty change.
  await v.getByRole('button', { name: '保存修改' }).click();
  await expect(v.getByRole('alert')).toContainText('没有改动');
  const corrected = `${text}，其实是雨水井堵了`;
  await v.getByRole('radio', { name: '污水 / 排水' }).check();
  await v.getByLabel('情况描述').fill(corrected);
  await v.getByLabel('点位（可不选）').selectOption({ label: '南门雨水检查井' });
  await v.getByRole('radio', { name: '较重' }).check();
  await v.getByRole('button', { name: '保存修改' }).click();
  await expect(v.getByRole('status').filter({ hasText: '已修改' })).toBeVisible();
  await expect(v.getByText(corrected, { exact: true })).toBeVisible();
  const history = (page: typeof v) => page.getByRole('region', { name: '处理记录' }).getByRole('listitem');
  await expect(history(v).filter({ hasText: '更正的钱阿姨（监督员） 修改了类别、情况描述、紧急程度、点位' })).toHaveCount(1);
  await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

  // Staff see the corrected complaint, and correct the severity again.
  const s = staff.app.page;
  await staff.app.syncChip().click();
  await staff.app.issueCard(corrected).click({ timeout: 20_000 });
  await expect(s.getByText('污水 / 排水', { exact: true }).first()).toBeVisible();
  await expect(s.getByText('较重 · 南门雨水检查井')).toBeVisible();
  await expect(history(s).filter({ hasText: '更正的钱阿姨（监督员） 修改了类别、情况描述、紧急程度、点位' })).toHaveCount(1);
  await s.getByRole('button', { name: '修改投诉内容' }).click();
  await s.getByRole('radio', { name: '紧急' }).check();
  await s.getByRole('button', { name: '保存修改' }).click();
  await expect(history(s).filter({ hasText: '社区小郑（社区工作人员） 修改了紧急程度' })).toHaveCount(1);
  await expect(s.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

  // The reporter's phone shows staff's change, with the same history.
  await volunteer.app.syncChip().click();
  await expect(v.getByText('紧急 · 南门雨水检查井')).toBeVisible({ timeout: 20_000 });
  await expect(history(v).filter({ hasText: '社区小郑（社区工作人员） 修改了紧急程度' })).toHaveCount(1);
  expect(await history(v).allInnerTexts()).toEqual(await history(s).allInnerTexts());

  // Someone who neither reported it nor is staff is not offered the correction.
  const l = liaison.app.page;
  await liaison.app.syncChip().click();
  await liaison.app.issueCard(corrected).click({ timeout: 20_000 });
  await expect(l.getByText('紧急 · 南门雨水检查井')).toBeVisible({ timeout: 20_000 });
  await expect(l.getByRole('button', { name: '修改投诉内容' })).toHaveCount(0);
  for (const p of [volunteer, staff, liaison]) await p.ctx.close();
});

test('a wrong photo is retracted by its author with a reason: hidden on both phones, the reason and who did it shown', async ({ browser, server }) => {
  const volunteer = await joinedPhone(browser, server, 'volunteer', '拍错的孙师傅');
  const staff = await joinedPhone(browser, server, 'staff', '社区小吴');
  const v = volunteer.app.page;
  await volunteer.app.openPoint('5号楼东侧绿化带');
  await v.getByLabel('从相册选择').setInputFiles({ name: 'wrong.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(v)) });
  await v.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await v.getByLabel('说明（可不填）').fill('其实是隔壁小区');
  await v.getByRole('button', { name: '保存照片' }).click();
  // This photo's mark: other tests on the worker's server may have put photos at the same point.
  await expect(v.getByRole('listitem').filter({ hasText: '其实是隔壁小区' }).getByText('✓ 已上传')).toBeVisible({ timeout: 20_000 });

  // Staff's phone holds the photo before it is retracted.
  const s = staff.app.page;
  await staff.app.syncChip().click();
  await staff.app.openPoint('5号楼东侧绿化带');
  const timeline = (page: typeof v) => page.getByRole('list', { name: /^时间线/ });
  await expect(timeline(s).getByRole('img', { name: '施工前 其实是隔壁小区' })).toBeVisible({ timeout: 20_000 });

  // The author retracts it from the viewer; a reason is required.
  await timeline(v).getByRole('button', { name: '放大查看：施工前 其实是隔壁小区' }).click();
  const viewer = v.getByRole('dialog', { name: /^照片 \d+\/\d+$/ });
  await viewer.getByRole('button', { name: '撤回这张照片' }).click();
  await viewer.getByRole('button', { name: '确认撤回' }).click();
  await expect(viewer.getByRole('alert')).toContainText('请写明撤回原因');
  await viewer.getByLabel('撤回原因（必填，大家都能看到）').fill('拍错了小区');
  await viewer.getByRole('button', { name: '确认撤回' }).click();
  await expect(v.getByRole('dialog')).toHaveCount(0);
  const note = '一张照片已被 拍错的孙师傅（监督员） 撤回（刚刚），原因：拍错了小区';
  await expect(timeline(v).getByText(note)).toBeVisible();
  await expect(v.getByRole('img', { name: '施工前 其实是隔壁小区' })).toHaveCount(0);

  // The other phone shows the same: the photo hidden, who retracted it and why.
  await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });
  await staff.app.syncChip().click();
  await expect(timeline(s).getByText(note)).toBeVisible({ timeout: 20_000 });
  await expect(s.getByRole('img', { name: '施工前 其实是隔壁小区' })).toHaveCount(0);
  for (const p of [volunteer, staff]) await p.ctx.close();
});

test('only its author (within a day) or staff are offered to retract a photo', async ({ browser, server }) => {
  const volunteer = await joinedPhone(browser, server, 'volunteer', '拍照的郑阿姨');
  const liaison = await joinedPhone(browser, server, 'liaison', '看照片的施工员');
  const staff = await joinedPhone(browser, server, 'staff', '社区小冯');
  const v = volunteer.app.page;
  await volunteer.app.openPoint('地下车库入口');
  await v.getByLabel('从相册选择').setInputFiles({ name: 'ok.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(v)) });
  await v.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await v.getByLabel('说明（可不填）').fill('车库入口原样');
  await v.getByRole('button', { name: '保存照片' }).click();
  await expect(v.getByRole('listitem').filter({ hasText: '车库入口原样' }).getByText('✓ 已上传')).toBeVisible({ timeout: 20_000 });
  for (const [phone, offered] of [
    [liaison, false],
    [staff, true],
  ] as const) {
    await phone.app.syncChip().click();
    await phone.app.openPoint('地下车库入口');
    await phone.app.page
      .getByRole('list', { name: /^时间线/ })
      .getByRole('button', { name: '放大查看：施工前 车库入口原样' })
      .click({ timeout: 20_000 });
    await expect(phone.app.page.getByRole('dialog', { name: /^照片 \d+\/\d+$/ })).toBeVisible();
    await expect(phone.app.page.getByRole('button', { name: '撤回这张照片' })).toHaveCount(offered ? 1 : 0);
  }
  for (const p of [volunteer, liaison, staff]) await p.ctx.close();
});

test('staff rename a point and archive it: the other phone lists it under its new name, then only among the archived', async ({ browser }, testInfo) => {
  // Its own server: what this test counts and changes must not meet other specs' data in the worker's shared server.
  const server: RunningServer = await startServer({ port: testPort(4390 + testInfo.parallelIndex) });
  try {
    const staff = await joinedPhone(browser, server, 'staff', '整理点位的小陈');
    const volunteer = await joinedPhone(browser, server, 'volunteer', '巡查的周伯');
    const s = staff.app.page;
    const v = volunteer.app.page;
    await staff.app.openPoint('5号楼东侧绿化带');
    await s.getByLabel('点位名称').fill('5号楼东侧绿化带（已复绿）');
    await s.getByRole('button', { name: '改名' }).click();
    await expect(s.getByRole('status').filter({ hasText: '已改名' })).toBeVisible();
    await expect(s.getByRole('heading', { level: 1, name: '5号楼东侧绿化带（已复绿）' })).toBeVisible();

    await volunteer.app.syncChip().click();
    const list = v.getByRole('list', { name: '点位' });
    await expect(list.getByRole('link', { name: /5号楼东侧绿化带（已复绿）/ })).toBeVisible({ timeout: 20_000 });

    await s.getByRole('button', { name: '归档这个点位（施工已结束）' }).click();
    await expect(s.getByText('这个点位已归档', { exact: false }).first()).toBeVisible();
    await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

    // The volunteer's list leaves it out; it is still reachable among the archived, with its photos and records.
    await volunteer.app.syncChip().click();
    await expect(list.getByRole('link', { name: /5号楼东侧绿化带/ })).toHaveCount(0, { timeout: 20_000 });
    await v.getByText('已归档的点位（1）').click();
    await v.getByRole('list', { name: '已归档的点位' }).getByRole('link', { name: '5号楼东侧绿化带（已复绿）' }).click();
    await expect(v.getByText('这个点位已归档', { exact: false }).first()).toBeVisible();
    // Not offered for a new complaint, and volunteers are not offered the correction.
    await expect(v.getByRole('heading', { name: '更正点位' })).toHaveCount(0);
    await v.goto(`${server.url}/w/demo-work/issues/new`);
    await expect(v.getByLabel('点位（可不选）').locator('option', { hasText: '南门雨水检查井' })).toHaveCount(1);
    await expect(v.getByLabel('点位（可不选）').locator('option', { hasText: '5号楼东侧绿化带' })).toHaveCount(0);

    // Staff bring it back.
    await staff.app.syncChip().click();
    await s.getByRole('button', { name: '恢复这个点位' }).click();
    await expect(s.getByRole('status').filter({ hasText: '已恢复' })).toBeVisible();
    for (const p of [staff, volunteer]) await p.ctx.close();
  } finally {
    await server.stop();
  }
});

test('a draft inspection started by mistake is discarded: it leaves the point on both phones; its record says who discarded it', async ({
  browser,
}, testInfo) => {
  // Its own server: the template copied here must not meet other specs' checklists in the worker's shared server.
  const server: RunningServer = await startServer({ port: testPort(4480 + testInfo.parallelIndex) });
  try {
    const staff = await joinedPhone(browser, server, 'staff', '社区小郑');
    const s = staff.app.page;
    await s.getByRole('link', { name: /检查表/ }).click();
    await s.getByRole('button', { name: '复制“雨污管道铺设”' }).click();
    await expect(s.getByRole('status').filter({ hasText: '已复制' })).toBeVisible();
    await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

    const volunteer = await joinedPhone(browser, server, 'volunteer', '手快的吴阿姨');
    const v = volunteer.app.page;
    await volunteer.app.openPoint('南门雨水检查井');
    await v.getByLabel('选择检查表').selectOption({ label: '雨污管道铺设（2）' });
    await v.getByRole('button', { name: '在这个点位开始检查' }).click();
    await v
      .getByRole('group', { name: /^接口密封/ })
      .getByRole('radio', { name: '合格', exact: true })
      .check();
    const inspectionUrl = v.url();
    await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

    // Staff see the draft at the point.
    await s.goto(`${server.url}/w/demo-work`);
    await staff.app.openPoint('南门雨水检查井');
    const drafts = (page: typeof s) => page.getByRole('region', { name: '这个点位的检查' }).getByRole('link', { name: /手快的吴阿姨/ });
    await expect(drafts(s)).toHaveCount(1, { timeout: 20_000 });
    await expect(drafts(s)).toContainText('未提交');

    // The volunteer discards it: two taps, then back at the point, where it is no longer listed.
    await v.getByRole('button', { name: '放弃这次检查' }).click();
    await v.getByRole('group', { name: '放弃这次检查' }).getByRole('button', { name: '确认放弃' }).click();
    await expect(v.getByRole('heading', { level: 1, name: '南门雨水检查井' })).toBeVisible();
    await expect(v.getByRole('status').filter({ hasText: '已放弃这次检查的草稿' })).toBeVisible();
    await expect(drafts(v)).toHaveCount(0);
    await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

    // Staff's phone: gone from the point too; the record itself stays, closed, naming who discarded it.
    await staff.app.syncChip().click();
    await expect(drafts(s)).toHaveCount(0, { timeout: 20_000 });
    await s.goto(inspectionUrl);
    await expect(s.getByText('这份检查草稿已被放弃', { exact: false })).toBeVisible();
    await expect(s.getByRole('button', { name: '提交检查' })).toHaveCount(0);
    await s.getByText('填写记录', { exact: true }).click();
    await expect(s.getByText('手快的吴阿姨（监督员） 放弃了这份草稿')).toBeVisible();
    for (const p of [staff, volunteer]) await p.ctx.close();
  } finally {
    await server.stop();
  }
});

test("staff change the work's response targets: the liaison's overdue mark follows the new ones; another staff phone shows who changed them", async ({
  browser,
}, testInfo) => {
  // Its own server: new targets change every issue's clocks, which other specs on the shared server measure.
  const server: RunningServer = await startServer({ port: testPort(4490 + testInfo.parallelIndex) });
  try {
    const volunteer = await joinedPhone(browser, server, 'volunteer', '值班的孙阿姨');
    const text = `围挡占了消防通道 ${Date.now()}`;
    await volunteer.app.recordComplaint({ category: '出行受阻', description: text });
    await expect(volunteer.app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });

    // The liaison's phone runs 30 hours ahead: the report is 6 hours past the 24-hour target.
    const liaison = await joinedPhone(browser, server, 'liaison', '施工队褚工');
    const l = liaison.app.page;
    await l.clock.install({ time: Date.now() + 30 * 3_600_000 });
    await l.reload();
    const item = l.getByRole('list', { name: '待您处理' }).getByRole('listitem').filter({ hasText: text });
    await expect(item).toContainText('已逾期', { timeout: 20_000 });

    // Staff allow 48 hours to acknowledge (and 10 days to fix).
    const staff = await joinedPhone(browser, server, 'staff', '社区小郑');
    const s = staff.app.page;
    await s.goto(`${server.url}/w/demo-work/admin`);
    const targets = s.getByRole('region', { name: '处理时限' });
    await expect(targets.getByLabel('施工方确认问题（小时内）')).toHaveValue('24');
    await targets.getByLabel('施工方确认问题（小时内）').fill('48');
    await targets.getByLabel('问题整改完成（天内）').fill('10');
    await targets.getByRole('button', { name: '保存处理时限' }).click();
    await expect(s.getByRole('status').filter({ hasText: '已保存：确认 48 小时内，整改 10 天内。' })).toBeVisible();
    await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

    // The liaison's phone: the same report is now new, not overdue, and its clock names the new target.
    await liaison.app.syncChip().click();
    await expect(item).toContainText('新上报', { timeout: 20_000 });
    await expect(item).not.toContainText('已逾期');
    await item.getByRole('link').click();
    await expect(l.getByRole('region', { name: '处理时效' })).toContainText('要求 48 小时内');

    // Another staff phone: the same targets, and who set them.
    const other = await joinedPhone(browser, server, 'staff', '社区老周');
    const o = other.app.page;
    await o.goto(`${server.url}/w/demo-work/admin`);
    const theirs = o.getByRole('region', { name: '处理时限' });
    await expect(theirs.getByLabel('施工方确认问题（小时内）')).toHaveValue('48', { timeout: 20_000 });
    await expect(theirs.getByLabel('问题整改完成（天内）')).toHaveValue('10');
    await expect(theirs).toContainText('社区小郑（社区工作人员） 于');
    for (const p of [volunteer, liaison, staff, other]) await p.ctx.close();
  } finally {
    await server.stop();
  }
});
