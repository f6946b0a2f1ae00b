/**
 * Photos of a point, offline: a gallery photo with EXIF GPS is added as
 * "before", survives a reload, uploads when the network returns (a chunk cut
 * mid-upload resumes without re-sending what arrived), and shows in another
 * device's timeline with its stage and position source.
 */
import { writeFileSync } from 'node:fs';
import { withExif } from '../fixtures/exif';
import { SitewatchApp } from './app';
import { decodedWidth, makeJpeg } from './images';
import { expect, test } from './fixtures';

test('a gallery photo with EXIF GPS, added offline as "before", survives reload, resumes a cut upload, reaches another device', async ({ browser, server }) => {
  const ctx = await browser.newContext({ permissions: ['geolocation'], geolocation: { latitude: 29.8683, longitude: 121.544, accuracy: 12 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '拍照的王阿姨');
  await app.waitUntilReadyOffline();
  const jpeg = withExif(await makeJpeg(app.page), 29.868312, 121.544078, new Date(2026, 10, 3, 9, 15));

  await ctx.setOffline(true);
  await app.openPoint('3号楼北侧主干道');
  await app.page.getByLabel('从相册选择').setInputFiles({ name: 'road.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg) });
  await expect(app.page.getByText('照片文件里的位置（未核实）')).toBeVisible({ timeout: 20_000 });
  await app.page.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await app.page.getByLabel('说明（可不填）').fill('北侧主干道开挖前，绿化带原样');
  await app.page.getByRole('button', { name: '保存照片' }).click();
  await expect(app.page.getByRole('status').filter({ hasText: '照片已保存' })).toBeVisible();
  const entry = app.page.getByRole('listitem').filter({ hasText: '北侧主干道开挖前' });
  await expect(entry).toContainText('施工前');
  await expect(entry).toContainText('等待上传');

  // A photo just taken with the camera gets the phone's position and its accuracy.
  await app.page.getByLabel('拍照').setInputFiles({ name: 'now.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(app.page)) });
  await expect(app.page.getByText('手机定位，误差约 12 米')).toBeVisible({ timeout: 20_000 });
  await app.page.getByRole('group', { name: '阶段' }).getByLabel('施工中').check();
  await app.page.getByLabel('说明（可不填）').fill('正在开挖');
  await app.page.getByRole('button', { name: '保存照片' }).click();
  await expect(app.page.getByRole('listitem').filter({ hasText: '正在开挖' })).toContainText('施工中');

  await app.page.reload();
  await expect(entry).toContainText('等待上传');
  const thumbWidth = await decodedWidth(entry.getByRole('img'));
  expect(thumbWidth).toBeGreaterThan(100);

  // Upload: the second chunk is cut once; afterwards it continues from the server's offset.
  const sent: string[] = [];
  let cut = false;
  await ctx.route('**/api/blobs/*/upload?*', async (route) => {
    const url = new URL(route.request().url());
    const offset = Number(url.searchParams.get('offset'));
    if (offset > 0 && !cut) {
      cut = true;
      await route.abort('connectionreset');
      return;
    }
    sent.push(`${url.pathname.split('/')[3]}@${offset}`);
    await route.continue();
  });
  await ctx.setOffline(false);
  await expect(entry).toContainText('已上传', { timeout: 30_000 });
  await expect(app.page.getByRole('listitem').filter({ hasText: '正在开挖' })).toContainText('已上传', { timeout: 30_000 });
  expect(cut).toBe(true);
  // Each chunk of each photo arrived once: after the cut, the upload went on from the server's offset.
  expect(sent.filter((s) => s.endsWith('@0'))).toHaveLength(4); // display copy + thumbnail of two photos
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent.length).toBeGreaterThan(4);

  const other = await browser.newContext();
  const staff = new SitewatchApp(await other.newPage(), server);
  await staff.join('staff', '社区小李');
  await staff.openPoint('3号楼北侧主干道');
  const seen = staff.page.getByRole('listitem').filter({ hasText: '北侧主干道开挖前' });
  await expect(seen).toContainText('施工前', { timeout: 20_000 });
  await expect(seen).toContainText('照片文件里的位置（未核实）');
  const remoteThumb = seen.getByRole('img');
  await expect(remoteThumb).toBeVisible({ timeout: 20_000 });
  expect(await decodedWidth(remoteThumb)).toBeGreaterThan(100);
  // Oldest first: the EXIF photo (taken 3 Nov) comes before the one taken just now.
  const captions = await staff.page
    .getByRole('listitem')
    .filter({ has: staff.page.getByRole('img') })
    .allInnerTexts();
  expect(captions.findIndex((c) => c.includes('北侧主干道开挖前'))).toBeLessThan(captions.findIndex((c) => c.includes('正在开挖')));

  await ctx.close();
  await other.close();
});

test('what is not a usable photo gets a clear message and loses nothing', async ({ browser, server }, testInfo) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '试错的李师傅');
  await app.waitUntilReadyOffline();
  await app.openPoint('南门雨水检查井');
  const pick = app.page.getByLabel('从相册选择');

  await pick.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo at all') });
  await expect(app.page.getByRole('alert')).toContainText('这不是照片文件');

  const real = await makeJpeg(app.page);
  await pick.setInputFiles({ name: 'cut.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(real.subarray(0, 600)) });
  await expect(app.page.getByRole('alert')).toContainText(/这不是照片文件|照片处理失败/);

  // A 20,000 × 20,000 px image: refused from its header, before the phone tries to decode it.
  const huge = Buffer.from(real);
  const sof = huge.indexOf(Buffer.from([0xff, 0xc0]));
  huge.writeUInt16BE(20_000, sof + 5);
  huge.writeUInt16BE(20_000, sof + 7);
  await pick.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: huge });
  await expect(app.page.getByRole('alert')).toContainText('照片尺寸太大');

  const big = testInfo.outputPath('big.jpg');
  writeFileSync(big, Buffer.concat([Buffer.from(real), Buffer.alloc(50 * 1024 * 1024)]));
  await pick.setInputFiles(big);
  await expect(app.page.getByRole('alert')).toContainText('文件太大');

  // And a good photo still goes in afterwards.
  await pick.setInputFiles({ name: 'ok.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(real) });
  await app.page.getByRole('button', { name: '保存照片' }).click();
  await expect(app.page.getByRole('status').filter({ hasText: '照片已保存' })).toBeVisible();
  await ctx.close();
});

test('a complaint recorded offline with a photo reaches the liaison with its photo', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '带照片投诉的赵阿姨');
  await app.waitUntilReadyOffline();
  const jpeg = await makeJpeg(app.page);
  await ctx.setOffline(true);
  const text = `污水从检查井冒出来 ${Date.now()}`;
  await app.page.getByRole('link', { name: /记录居民投诉/ }).click();
  await app.page.getByRole('radio', { name: '污水 / 排水' }).check();
  await app.page.getByLabel('情况描述').fill(text);
  await app.page.getByLabel('从相册选择').setInputFiles({ name: 'sewage.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg) });
  await expect(app.page.getByRole('img', { name: '第 1 张照片', exact: true })).toBeVisible({ timeout: 20_000 });
  await app.page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.issueCard(text)).toContainText('待同步');

  await ctx.setOffline(false);
  await expect(app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });
  await app.issueCard(text).click();
  await expect(app.page.getByText('✓ 已上传')).toBeVisible({ timeout: 30_000 });

  const liaisonCtx = await browser.newContext();
  const liaison = new SitewatchApp(await liaisonCtx.newPage(), server);
  await liaison.join('liaison', '施工队周工');
  await liaison.issueCard(text).click();
  const photo = liaison.page.getByRole('img', { name: /第 1 张照片/ });
  await expect(photo).toBeVisible({ timeout: 20_000 });
  expect(await decodedWidth(photo)).toBeGreaterThan(100);
  await ctx.close();
  await liaisonCtx.close();
});

test('several photos picked at once: a complaint takes them all with the stage the person chose; a point saves them one after another', async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '一次选三张的钱阿姨');
  await app.waitUntilReadyOffline();
  const p = app.page;
  const files = await Promise.all(['a', 'b', 'c'].map(async (n) => ({ name: `${n}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(p)) })));

  // A complaint: three photos in one pick, said to show the site before the work.
  const text = `绿化带被车压坏了 ${Date.now()}`;
  await p.getByRole('link', { name: /记录居民投诉/ }).click();
  await p.getByRole('radio', { name: '绿化' }).check();
  await p.getByLabel('情况描述').fill(text);
  await p.getByLabel('从相册选择').setInputFiles(files);
  for (const n of [1, 2, 3]) await expect(p.getByRole('img', { name: `第 ${n} 张照片`, exact: true })).toBeVisible({ timeout: 30_000 });
  await p.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });

  // Another phone sees the three, each marked with that stage.
  const otherCtx = await browser.newContext();
  const staff = new SitewatchApp(await otherCtx.newPage(), server);
  await staff.join('staff', '看照片的社区小郑');
  await staff.issueCard(text).click({ timeout: 20_000 });
  for (const n of [1, 2, 3]) await expect(staff.page.getByRole('img', { name: `第 ${n} 张照片 · 施工前` })).toBeVisible({ timeout: 20_000 });

  // A point: two in one pick come one after another, the second keeping the stage chosen for the first.
  await p.goto(`${server.url}/w/demo-work`);
  await app.openPoint('5号楼东侧绿化带');
  await p.getByLabel('从相册选择').setInputFiles(files.slice(0, 2).map((f, i) => ({ ...f, name: `point-${i}.jpg` })));
  await expect(p.getByRole('status').filter({ hasText: '同时选的还有 1 张' })).toBeVisible({ timeout: 30_000 });
  await p.getByRole('group', { name: '阶段' }).getByLabel('施工后').check();
  const caption = `复绿后 ${Date.now()}`;
  await p.getByLabel('说明（可不填）').fill(`${caption} 第一张`);
  await p.getByRole('button', { name: '保存照片' }).click();
  await expect(p.getByLabel('说明（可不填）')).toHaveValue('', { timeout: 30_000 });
  await expect(p.getByRole('group', { name: '阶段' }).getByLabel('施工后')).toBeChecked();
  await p.getByLabel('说明（可不填）').fill(`${caption} 第二张`);
  await p.getByRole('button', { name: '保存照片' }).click();
  for (const which of ['第一张', '第二张']) await expect(p.getByRole('listitem').filter({ hasText: `${caption} ${which}` })).toContainText('施工后');
  await ctx.close();
  await otherCtx.close();
});
