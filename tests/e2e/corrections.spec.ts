/**
 * Correcting mistakes: each correction is an op that syncs, so a second phone sees the same
 * result, and the history says who changed what.
 */
import { joinedPhone } from './app';
import { expect, test } from './fixtures';

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
