/**
 * Administration from the server's command line. The first staff account
 * of a new installation is made here:
 *
 *   npx tsx sync-server/admin.ts create-staff --login zhou --name 周老师 [--work demo-work]
 *   npx tsx sync-server/admin.ts backup --to FILE        (SQLite and photos, while the server runs)
 *   npx tsx sync-server/admin.ts restore --from FILE     (on a stopped server; see backup.ts)
 *
 * The password is read from SITEWATCH_PASSWORD, or asked for on the terminal.
 * The account becomes a staff member of the work (default: the demo work); it
 * signs in on any device at /signin and can create further works from there.
 * It works on the store the server would use with the same environment
 * (open-store.ts): DATABASE_URL (+ SITEWATCH_PG_SCHEMA) for PostgreSQL, else
 * SITEWATCH_DATA (default ./data). Safe while the server runs: SQLite lets a
 * second writer wait its turn; on PostgreSQL it takes the same write lock.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { LIMITS, type WorkState, normalizeName, parseWith } from '../src/core';
import { ADMIN_LIMITS, LoginSchema } from '../src/core/admin';
import { acceptOrReject } from './apply';
import { audit } from './audit';
import { backup, restore } from './backup';
import { newId } from './auth';
import { hashPassword } from './passwords';
import { DEMO_WORK_ID } from './seed';
import { openConfiguredStore } from './open-store';
import type { Store } from './store';
import { systemOp } from './system-ops';

export interface NewStaff {
  login: string;
  name: string;
  password: string;
  work: string;
}

/** Creates the account and makes it a staff member of `work`; returns the account id. */
export async function createStaff(store: Store, s: NewStaff, now = Date.now()): Promise<string> {
  const login = parseWith(LoginSchema, s.login);
  if (!login.ok) throw new Error(`--login ${login.message}`);
  // Normalized as every name is (src/core/names.ts): no invisible characters to pass for someone else.
  const name = normalizeName(s.name);
  if (!name || name.length > LIMITS.name) throw new Error(`--name must be 1-${LIMITS.name} visible characters`);
  if (s.password.length < ADMIN_LIMITS.passwordMin || s.password.length > ADMIN_LIMITS.passwordMax) {
    throw new Error(`the password must be ${ADMIN_LIMITS.passwordMin}-${ADMIN_LIMITS.passwordMax} characters`);
  }
  if (await store.findAccount(login.value)) throw new Error(`the login "${login.value}" is taken`);
  const passwordHash = await hashPassword(s.password);
  const accountId = newId();
  const memberId = newId();
  await store.transaction(async (tx) => {
    const work = (await tx.getEntity('work', s.work)) as WorkState | undefined;
    if (!work) throw new Error(`there is no work "${s.work}"`);
    await tx.addAccount({ id: accountId, login: login.value, name, passwordHash, createdAt: now });
    const op = systemOp<'member.join'>({ kind: 'member.join', entity: 'member', entityId: memberId, work: s.work, payload: { name, role: 'staff' } }, now);
    const r = await acceptOrReject(tx, op, 'system', now);
    if (r.status !== 'accepted') throw new Error(`member.join refused: ${r.reason.message}`);
    // A member without a device yet: its devices come from signing in.
    await tx.addMemberOnly({ memberId, work: s.work, name, role: 'staff', now });
    await tx.setMemberAccount(memberId, accountId);
    await audit(tx, { work: s.work, at: now, actor: 'cli', action: 'account.create', detail: { account: accountId, login: login.value, member: memberId } });
  });
  return accountId;
}

/**
 * Reads a line from the terminal without showing it (nor leaving it in the scrollback). Not a
 * terminal (piped in): the line is read as it comes, nothing is echoed there either.
 */
export function readHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Promise<string> {
  if (!input.isTTY) {
    const rl = createInterface({ input, terminal: false });
    return new Promise((resolve) => {
      output.write(prompt);
      let done = false;
      rl.once('line', (line) => {
        done = true;
        rl.close();
        output.write('\n');
        resolve(line);
      });
      rl.once('close', () => done || resolve(''));
    });
  }
  return new Promise((resolve, reject) => {
    output.write(prompt);
    let typed = '';
    const finish = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

async function askPassword(): Promise<string> {
  const password = await readHidden(`Password (at least ${ADMIN_LIMITS.passwordMin} characters, not shown): `);
  // Typed blind: a second time, so that a typo does not lock the account's owner out.
  if (process.stdin.isTTY && (await readHidden('The same password again: ')) !== password) throw new Error('the two passwords differ: nothing was created');
  return password;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      work: { type: 'string', default: DEMO_WORK_ID },
      to: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'backup' || positionals[0] === 'restore') {
    if (process.env.DATABASE_URL) {
      throw new Error('backup and restore are for the SQLite store; on PostgreSQL use pg_dump and pg_restore (docs/deploy.md, "Backups")');
    }
    const dataDir = resolve(process.env.SITEWATCH_DATA ?? './data');
    if (positionals[0] === 'backup') {
      if (!values.to) throw new Error('usage: npx tsx sync-server/admin.ts backup --to FILE');
      const m = await backup(dataDir, values.to);
      console.log(
        `Backup written to ${resolve(values.to)}: ${m.ops} ops (up to sequence ${m.maxSeq}), ${m.photos} photos (${(m.photoBytes / 1e6).toFixed(1)} MB).`,
      );
    } else {
      if (!values.from) throw new Error('usage: npx tsx sync-server/admin.ts restore --from FILE [--force]   (with the server stopped)');
      const r = restore(dataDir, values.from, { force: values.force });
      console.log(
        `Restored ${r.manifest.ops} ops (up to sequence ${r.manifest.maxSeq}) and ${r.manifest.photos} photos from the backup of ${r.manifest.createdAt} into ${dataDir}.`,
      );
      if (r.keptAt) console.log(`What was there before is kept in ${r.keptAt}.`);
      console.log('Phones that synced after the backup are told to reset when they next pull, and send again what the server no longer holds.');
    }
    return;
  }
  if (positionals[0] !== 'create-staff' || !values.login || !values.name) {
    console.error(
      [
        'usage: npx tsx sync-server/admin.ts create-staff --login <login> --name <name> [--work <work id>]',
        '       npx tsx sync-server/admin.ts backup --to FILE',
        '       npx tsx sync-server/admin.ts restore --from FILE [--force]',
      ].join('\n'),
    );
    process.exit(2);
  }
  const password = process.env.SITEWATCH_PASSWORD ?? (await askPassword());
  const store = await openConfiguredStore();
  try {
    await createStaff(store, { login: values.login, name: values.name, password, work: values.work! });
    console.log(`Staff account "${values.login}" created in work ${values.work}. Sign in at /signin on any device.`);
  } finally {
    await store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'admin.ts')) {
  main().catch((err: unknown) => {
    console.error(`admin: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
