/**
 * Bytes sent to upload a 2 MB photo over a link cut three times mid-chunk,
 * against the photo's size (goal ≤ 1.15×). Runs the app's real uploader
 * (src/sync/blobs.ts, on fake-indexeddb) against the real server in this
 * process; the cuts send half of a chunk's bytes, then drop the connection.
 */
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES_VERSION, encodeStamp } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { storeBlob, uploadBlob } from '../../src/sync/blobs';
import { createApp } from '../../sync-server/app';
import { folderBlobStore } from '../../sync-server/blob-store';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import { openSqliteStore } from '../../sync-server/sqlite-store';
import { type BenchModule, type BenchResult, isMain, runStandalone, round } from './common';

const PHOTO_BYTES = 2 * 1024 * 1024;
const CUTS = 3;
const GOAL = 1.15;

/** Sends a request body only half-way, then drops the connection (a link that dies mid-upload). */
function sendHalfAndCut(url: string, init: RequestInit): Promise<number> {
  const body = new Uint8Array(init.body as ArrayBuffer);
  const half = Math.floor(body.length / 2);
  const u = new URL(url);
  return new Promise((resolve) => {
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname + u.search,
      method: init.method,
      headers: { ...(init.headers as Record<string, string>), 'Content-Length': String(body.length) },
    });
    req.on('error', () => undefined);
    req.write(body.subarray(0, half), () => setTimeout(() => req.destroy(), 50));
    req.on('close', () => resolve(half));
  });
}

async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-upload-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  const server = http.createServer(createApp({ store, staticDir: '/nonexistent', blobs: folderBlobStore(join(dir, 'blobs')) }));
  const db = new SitewatchDB(`bench-upload-${Date.now()}`);
  try {
    await seedDemoIfEmpty(store);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    let bodyBytes = 0;
    let puts = 0;
    let cuts = 0;
    const fetchWithCuts = async (url: string, init: RequestInit): Promise<Response> => {
      if (init.method === 'PUT') {
        puts++;
        // Every other chunk request dies half-way, until three have.
        if (cuts < CUTS && puts % 2 === 0) {
          cuts++;
          bodyBytes += await sendHalfAndCut(url, init);
          throw new TypeError('Failed to fetch (connection lost mid-upload)');
        }
        bodyBytes += (init.body as ArrayBuffer).byteLength;
      }
      return fetch(url, init);
    };
    const api = createApi(base, fetchWithCuts);
    const code = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
    const joined = await api.join({ code, name: 'bench', deviceId: 'bench-upload' });
    const member: Membership = { ...joined.member, memberId: joined.member.id, workName: joined.workName, token: joined.token, joinedAt: 0 };

    const photo = randomBytes(PHOTO_BYTES);
    const hash = createHash('sha256').update(photo).digest('hex');
    const bytes = photo.buffer.slice(photo.byteOffset, photo.byteOffset + photo.byteLength) as ArrayBuffer;
    await db.transaction('rw', db.blobs, db.blobChunks, () => storeBlob(db, hash, bytes, DEMO_WORK_ID, 'local', Date.now()));
    // The photo's record goes first, as in the app: the server takes only bytes a record of the work names.
    const recorded = await api.push(member.token, [
      {
        id: 'bench-photo-op',
        work: DEMO_WORK_ID,
        entity: 'photo',
        entityId: 'bench-photo',
        kind: 'photo.add',
        actor: member.memberId,
        device: 'bench-upload',
        hlc: encodeStamp({ wall: Date.now(), counter: 0, node: 'bench-upload' }),
        v: RULES_VERSION,
        payload: {
          hash,
          size: PHOTO_BYTES,
          thumbHash: hash,
          thumbSize: PHOTO_BYTES,
          width: 1600,
          height: 1200,
          takenAt: null,
          location: null,
          phase: 'before',
          caption: '',
          targetType: 'point',
          targetId: 'demo-point-1',
        },
      },
    ]);
    if (recorded.results[0]?.status !== 'accepted') throw new Error(`the photo's record was refused: ${JSON.stringify(recorded.results[0])}`);

    // The app's sync loop retries after a failure; here, at once.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await uploadBlob(db, api, member, (await db.blobs.get(hash))!);
        break;
      } catch {
        // cut: try again from where the server stands
      }
    }
    const done = await api.blobStatus(member.token, hash);
    if (!done.complete || cuts !== CUTS) throw new Error(`upload: complete ${done.complete}, cuts ${cuts}`);
    const ratio = bodyBytes / PHOTO_BYTES;
    console.log(`    ${puts} chunk requests, ${cuts} cut half-way; ${bodyBytes} bytes sent for ${PHOTO_BYTES} (${ratio.toFixed(3)}×)`);
    return {
      figures: [
        {
          name: 'bytes sent to upload a 2 MB photo over a link cut 3 times',
          value: round(bodyBytes / 1024, 1),
          unit: 'KB',
          baseline: "the photo's size",
          baselineValue: PHOTO_BYTES / 1024,
        },
      ],
      failures: ratio > GOAL ? [`upload over a cut link sent ${ratio.toFixed(2)}× the photo (goal ≤ ${GOAL}×)`] : [],
      notes: [
        `**Upload over a cut link.** The app's uploader (src/sync/blobs.ts, ${PHOTO_BYTES / 1024 / 1024} MB of random bytes ` +
          `stored in fake-indexeddb as the app stores photos) against the real server in this process, folder blob store. ` +
          `${CUTS} chunk requests send half their body, then the connection drops; the uploader asks the server where it ` +
          `stands and continues from there (the server keeps the part of a chunk that arrived). Counted: request body ` +
          `bytes put on the wire, including the halves that were cut (headers not counted). Goal ≤ ${GOAL}×.`,
      ],
    };
  } finally {
    db.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const uploadResume: BenchModule = { title: 'upload over a cut link', run };

if (isMain(import.meta.url)) runStandalone(run);
