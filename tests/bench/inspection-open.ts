/**
 * Checklists: opening an inspection of a 300-item template on a device
 * holding 1,000 inspections, and answering one of its items, in Chromium.
 *
 * The built app (dist/) is served by the real sync server (a process, SQLite
 * in a temp folder). Staff push a 300-item template over HTTP; a volunteer
 * joins through the app and syncs it. The device is then given 1,000
 * inspections of that template (written straight into its IndexedDB views and
 * confirmed state, as a sync would leave them: 999 at another point with 60
 * answers each, and the one opened, half done: 150 answers). Offline from
 * there (a volunteer on site; it also keeps the local-only inspection from
 * being refused by the server).
 *
 * Taps are Playwright clicks; each is timed with the page's own clock, from
 * the tap (its click event) until what it brings is in the page and the frame
 * showing it has been painted (median of RUNS):
 * - open: from the tap on the inspection's card (on its point's page) until
 *   the last of the 300 items is on screen;
 * - answer: from the tap on "不合格" of an unanswered required item until the
 *   "还差 N 项" count shows one less (the op is in the outbox by then).
 * Timed in the page, not from Node: Playwright's own work around a click
 * (finding an element by role and name among 300 items, waiting for it to be
 * still, polling for the result) took longer than the app's answer itself.
 * Baseline, in the same page: a plain IndexedDB read of the same rows (the
 * inspection and its template, one readonly transaction), median of 20.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { type Item, type JoinResponse, type PushResponse, RULES_VERSION, type TemplateBody, encodeStamp } from '../../src/core';
import { chromiumLaunchOptions } from '../chromium';
import { startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, ROOT, isMain, median, round, runStandalone, freePort } from './common';
import { call } from './sync-throughput';

const ITEMS = 300;
const INSPECTIONS = 1000;
const RUNS = 9;
const BASELINE_RUNS = 20;
const WORK = 'demo-work';
const TEMPLATE_ID = 'bench-template-300';
const TARGET = 'bench-inspection-target';

/** Item n (1-based): kinds in turn check, number, choice, text; checks and choices required. */
function item(n: number): Item {
  const common = { id: `i${n}`, label: `检查项 ${n}`, required: n % 2 === 1, hint: `第 ${n} 项的说明` };
  switch (n % 4) {
    case 1:
      return { ...common, kind: 'check', raisesIssue: true };
    case 2:
      return { ...common, kind: 'number', unit: '厘米', min: 0, max: 500, passMin: 10, passMax: null };
    case 3:
      return {
        ...common,
        kind: 'choice',
        options: [
          { id: 'o1', label: '良好' },
          { id: 'o2', label: '一般' },
          { id: 'o3', label: '差' },
        ],
        failOptions: ['o3'],
      };
    default:
      return { ...common, kind: 'text' };
  }
}

export function bigTemplate(): TemplateBody {
  return {
    title: '300 项检查',
    lang: 'zh-CN',
    sections: Array.from({ length: 10 }, (_, s) => ({
      id: `s${s}`,
      title: `第 ${s + 1} 组`,
      items: Array.from({ length: ITEMS / 10 }, (_, k) => item(s * 30 + k + 1)),
    })),
  };
}

/** Page script: writes the 1,000 inspections into the app's database (raw IndexedDB, one transaction). */
function seedScript(actor: string, stampBase: string): string {
  return `(async () => {
    const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const db = await req(indexedDB.open('sitewatch'));
    const stamp = (k) => ${JSON.stringify(stampBase)}.replace('XXXX', String(k).padStart(4, '0'));
    const value = (n) => (n % 4 === 1 ? 'pass' : n % 4 === 2 ? 50 : n % 4 === 3 ? 'o1' : '正常');
    const inspection = (id, pointId, answered) => {
      const answers = {};
      const history = [{ op: id + '-start', kind: 'inspection.start', actor: ${JSON.stringify(actor)}, device: 'bench', at: stamp(0) }];
      for (let n = 1; n <= answered; n++) {
        const a = { value: value(n), note: '', photos: [] };
        answers['i' + n] = { ...a, at: stamp(n), by: ${JSON.stringify(actor)}, op: id + '-a' + n };
        history.push({ op: id + '-a' + n, kind: 'inspection.answer', actor: ${JSON.stringify(actor)}, device: 'bench', at: stamp(n), itemId: 'i' + n, answer: a });
      }
      return { id, work: ${JSON.stringify(WORK)}, templateId: ${JSON.stringify(TEMPLATE_ID)}, version: 1, pointId, status: 'draft', startedBy: ${JSON.stringify(actor)},
        startedAt: stamp(0), submittedBy: null, submittedAt: null, answers, raised: {}, history, updatedAt: stamp(answered) };
    };
    const tx = db.transaction(['confirmed', 'inspections'], 'readwrite');
    const done = new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    for (let k = 0; k < ${INSPECTIONS}; k++) {
      const s = k === 0 ? inspection(${JSON.stringify(TARGET)}, 'demo-point-1', 150) : inspection('bench-insp-' + k, 'demo-point-2', 60);
      tx.objectStore('confirmed').put({ type: 'inspection', id: s.id, work: s.work, state: s });
      tx.objectStore('inspections').put({ ...s, syncPending: false });
    }
    await done;
    const count = await req(db.transaction('inspections').objectStore('inspections').count());
    db.close();
    return count;
  })()`;
}

/**
 * Page script: starts timing at the next tap (its click event: the finger lifted); `window.benchTap` then resolves,
 * in ms, once an element matching `selector` has `text` in it and the frame showing it is painted (the first task
 * after that frame's animation frame callbacks).
 */
function timeNextTap(selector: string, text: string): string {
  return `(() => {
    window.benchTap = new Promise((resolve, reject) => {
      let start;
      addEventListener('click', (e) => (start = e.timeStamp), { capture: true, once: true });
      const timer = setTimeout(() => reject(new Error(${JSON.stringify(`"${text}" never showed in ${selector}`)})), 30000);
      const shown = () => start !== undefined && (document.querySelector(${JSON.stringify(selector)})?.textContent ?? '').includes(${JSON.stringify(text)});
      new MutationObserver((_, observer) => {
        if (!shown()) return;
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - start);
          channel.port2.postMessage(null);
        });
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
  })()`;
}

/** Page script: the baseline, a plain read of the inspection and its template. */
const baselineScript = `(async () => {
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const db = await req(indexedDB.open('sitewatch'));
  const times = [];
  let bytes = 0;
  for (let k = 0; k < ${BASELINE_RUNS}; k++) {
    const t0 = performance.now();
    const tx = db.transaction(['inspections', 'templates'], 'readonly');
    const [i, t] = await Promise.all([req(tx.objectStore('inspections').get(${JSON.stringify(TARGET)})), req(tx.objectStore('templates').get(${JSON.stringify(TEMPLATE_ID)}))]);
    times.push(performance.now() - t0);
    bytes = JSON.stringify(i).length + JSON.stringify(t).length;
  }
  db.close();
  return { times, bytes };
})()`;

async function measure(): Promise<{ openMs: number[]; answerMs: number[]; baseline: { times: number[]; bytes: number } }> {
  if (process.cwd() !== ROOT) process.chdir(ROOT);
  const server = await startServer({ port: await freePort(), staticDir: join(ROOT, 'dist') });
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const staff = await call<JoinResponse>(server.url, 'POST', '/api/join', {
      body: { code: server.codes.staff, name: 'bench staff', deviceId: 'bench-staff' },
    });
    const op = {
      id: randomUUID(),
      work: WORK,
      entity: 'template',
      entityId: TEMPLATE_ID,
      kind: 'template.create',
      actor: staff.member.id,
      device: 'bench-staff',
      hlc: encodeStamp({ wall: Date.now(), counter: 0, node: 'bench-staff' }),
      v: RULES_VERSION,
      payload: { name: '300 项检查', body: bigTemplate(), basedOn: null },
    };
    const pushed = await call<PushResponse>(server.url, 'POST', '/api/sync/push', { token: staff.token, body: { clientVersion: RULES_VERSION, ops: [op] } });
    if (pushed.results[0]?.status !== 'accepted') throw new Error(`template refused: ${JSON.stringify(pushed.results[0])}`);

    browser = await chromium.launch(chromiumLaunchOptions());
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/join?code=${server.codes.volunteer}`);
    await page.getByLabel('您的称呼').fill('bench volunteer');
    await page.getByRole('button', { name: '加入', exact: true }).click();
    await page.getByRole('button', { name: /^同步状态：\s*已同步/ }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await context.setOffline(true);

    const actor = 'bench-volunteer';
    const stampBase = encodeStamp({ wall: Date.now() - 3_600_000, counter: 0, node: 'bench' }).replace(/^(\d{11})\d{4}/, '$1XXXX');
    const count = await page.evaluate<number>(seedScript(actor, stampBase));
    if (count !== INSPECTIONS) throw new Error(`seeded ${count} inspections, expected ${INSPECTIONS}`);

    const baseline = await page.evaluate<{ times: number[]; bytes: number }>(baselineScript);

    await page.goto(`${server.url}/w/${WORK}/points/demo-point-1`);
    const card = page.getByRole('list', { name: '检查记录' }).getByRole('link', { name: /300 项检查/ });
    const last = page.getByRole('group', { name: new RegExp(`^检查项 ${ITEMS}`) });
    const tapTime = () => page.evaluate<number>('window.benchTap');
    const openMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      await card.waitFor({ timeout: 30_000 });
      await page.evaluate(timeNextTap(`#item-i${ITEMS} legend`, `检查项 ${ITEMS}`));
      await card.click();
      openMs.push(await tapTime());
      await last.waitFor({ timeout: 30_000 }); // by role and name, as a person (or a screen reader) finds it
      if (r < RUNS - 1) await page.goBack();
    }

    const heading = page.getByRole('region', { name: '还缺什么' }).getByRole('heading');
    const answerMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const before = Number(/还差 (\d+) 项/.exec(await heading.innerText())?.[1]);
      const n = 201 + 4 * r; // an unanswered required check item
      const fail = page.getByRole('group', { name: new RegExp(`^检查项 ${n} `) }).getByRole('radio', { name: '不合格', exact: true });
      await fail.scrollIntoViewIfNeeded(); // the finger is on the button already
      await page.evaluate(timeNextTap('section[aria-label="还缺什么"] h2', `还差 ${before - 1} 项`));
      await fail.click();
      answerMs.push(await tapTime());
      await page.getByRole('heading', { name: `还差 ${before - 1} 项才能提交` }).waitFor({ timeout: 30_000 });
    }
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`);
    return { openMs, answerMs, baseline };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  const m = await measure();
  const base = median(m.baseline.times);
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`    open ${ms(m.openMs)} ms; answer ${ms(m.answerMs)} ms; plain read ${base.toFixed(2)} ms (${m.baseline.bytes} bytes)`);
  const baseline = 'plain IndexedDB read of the same rows (the inspection + its template), same page';
  return {
    figures: [
      {
        name: `open an inspection of a ${ITEMS}-item template on a device holding ${INSPECTIONS.toLocaleString('en')} inspections (tap → all items on screen)`,
        value: round(median(m.openMs), 0),
        unit: 'ms',
        baseline,
        baselineValue: round(base, 2),
      },
      {
        name: `answer an item of that inspection (tap → "还差 N 项" updated, op in the outbox)`,
        value: round(median(m.answerMs), 0),
        unit: 'ms',
        baseline,
        baselineValue: round(base, 2),
      },
    ],
    failures: [],
    notes: [
      `**Opening and answering a big inspection (checklists).** The built app served by the real server; staff push a ` +
        `${ITEMS}-item template (10 sections; check, number, choice and text items in turn, half of them required), a ` +
        `volunteer joins in Chromium (360 × 740, zh-CN) and syncs it, then goes offline. The device is given ` +
        `${INSPECTIONS.toLocaleString('en')} inspections of it, written into its IndexedDB as a sync would leave them ` +
        `(confirmed state and view; 999 at another point with 60 answers each, the one opened with 150). Taps are ` +
        `Playwright clicks, timed with the page's clock from the tap's click event until the result is in the page and ` +
        `the frame showing it painted (timed from Node, Playwright's finding of an element among 300 by role and name ` +
        `outweighed the app's answer). Open: from the tap on the inspection's card on its point's page until item ` +
        `${ITEMS} is on screen, median of ${RUNS} (the first run loads the page's code). Answer: from the tap on 不合格 of ` +
        `an unanswered required item until the missing count shows one less (its op in the outbox), median of ${RUNS}. ` +
        `Baseline: a plain IndexedDB read of the inspection and template rows (about ` +
        `${Math.round(m.baseline.bytes / 1024)} KB of JSON) in one readonly transaction, median of ${BASELINE_RUNS}.`,
    ],
  };
}

export const inspectionOpen: BenchModule = { title: 'open and answer a 300-item inspection in Chromium', run };

if (isMain(import.meta.url)) runStandalone(run);
