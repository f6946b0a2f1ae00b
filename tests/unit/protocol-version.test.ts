/**
 * The versions guard the wire. Every schema a message on the wire is checked against (src/core)
 * is fingerprinted here, part by part, and the fingerprint is pinned with the version it belongs
 * to (src/core/wire-pin.json): an op's kinds, payloads, rejection codes and the status machine
 * with RULES_VERSION; requests, responses, error codes and request limits with PROTOCOL_VERSION.
 * Changing any of them without bumping its version (and writing its history line) fails, with
 * a message that says what changed and what to do. The doc's op table is checked against the
 * op schema the same way.
 *
 * The fingerprint is structural: valibot schemas are walked (type, expects, entries, options,
 * item, wrapped, pipe actions with their requirement; regexes by source; functions as a
 * marker; error messages left out, they are not stable), response types are read from the
 * TypeScript source and printed without comments.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  API_PREFIX,
  CHUNK_BYTES,
  CREATE_KINDS,
  ENTITY_TYPES,
  ERROR_CODES,
  HASH_PATTERN,
  ID_PATTERN,
  INVITE_ALPHABET,
  JoinRequestSchema,
  LIMITS,
  MAX_BLOB_BYTES,
  MIN_RULES_VERSION,
  OpSchema,
  PROTOCOL_VERSION,
  PushRequestSchema,
  RULES_VERSION,
  SERVER_ONLY_KINDS,
  TRANSITIONS,
} from '../../src/core';
import * as admin from '../../src/core/admin';
import * as notify from '../../src/core/notify';
import * as resident from '../../src/core/resident';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const PIN_FILE = 'src/core/wire-pin.json';
const PIN_COMMAND = `SITEWATCH_PIN_WIRE=1 npx vitest run --project sqlite tests/unit/protocol-version.test.ts`;

// --- the fingerprint -------------------------------------------------------------------------

/** Valibot's own bookkeeping and the wording of errors: not part of what a message must be. */
const NOT_SHAPE = new Set(['reference', 'async', 'message', '~run', '~standard', '~types']);

/** A JSON-able picture of a schema (or of plain data) that changes when what it accepts changes. */
function shape(x: unknown): unknown {
  if (x instanceof RegExp) return `/${x.source}/${x.flags}`;
  if (x instanceof Set) return [...x].map(shape).sort();
  if (typeof x === 'function') return '[function]';
  if (typeof x === 'number' && !Number.isFinite(x)) return String(x);
  if (Array.isArray(x)) return x.map(shape);
  if (x !== null && typeof x === 'object') {
    const obj = x as Record<string, unknown>;
    const isValibot = typeof obj['~run'] === 'function';
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      if (isValibot && NOT_SHAPE.has(key)) continue;
      if (obj[key] !== undefined) out[key] = shape(obj[key]);
    }
    return out;
  }
  return x;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

/** Interfaces and type aliases of src/core, by name (a name declared twice would be ambiguous). */
function coreDeclarations(): Map<string, { decl: Declaration; file: ts.SourceFile }> {
  const found = new Map<string, { decl: Declaration; file: ts.SourceFile }>();
  // The op definitions live in src/core/ops/: read the folder's subfolders too.
  const names = readdirSync(root('src/core'), { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.ts'))
    .sort();
  for (const name of names) {
    const file = ts.createSourceFile(name, readFileSync(root(`src/core/${name}`), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const stmt of file.statements) {
      if (!ts.isInterfaceDeclaration(stmt) && !ts.isTypeAliasDeclaration(stmt)) continue;
      const key = stmt.name.text;
      if (found.has(key)) throw new Error(`src/core declares the type ${key} twice: the fingerprint cannot tell which one travels`);
      found.set(key, { decl: stmt, file });
    }
  }
  return found;
}

const DECLARATIONS = coreDeclarations();
const printer = ts.createPrinter({ removeComments: true });

/**
 * The given types and every src/core type they name, printed without comments, stopping at the
 * names in `stop` (fingerprinted elsewhere).
 */
function typeParts(roots: string[], stop: ReadonlySet<string> = new Set()): Record<string, string> {
  const parts: Record<string, string> = {};
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift()!;
    if (`type ${name}` in parts || stop.has(name)) continue;
    const found = DECLARATIONS.get(name);
    if (!found) throw new Error(`no interface or type ${name} in src/core`);
    parts[`type ${name}`] = printer.printNode(ts.EmitHint.Unspecified, found.decl, found.file);
    const visit = (node: ts.Node): void => {
      if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && DECLARATIONS.has(node.typeName.text)) queue.push(node.typeName.text);
      if (ts.isExpressionWithTypeArguments(node) && ts.isIdentifier(node.expression) && DECLARATIONS.has(node.expression.text))
        queue.push(node.expression.text);
      ts.forEachChild(node, visit);
    };
    visit(found.decl);
  }
  return parts;
}

type Parts = Record<string, unknown>;

function opParts(): Parts {
  const parts: Parts = {};
  const envelopeOf = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([k]) => k !== 'kind' && k !== 'entity' && k !== 'payload'));
  for (const option of OpSchema.options) {
    const { kind, entity, payload } = option.entries;
    parts[`op ${kind.literal}`] = { entity: entity.literal, payload: shape(payload) };
    const envelope = shape(envelopeOf(option.entries as Record<string, unknown>));
    if (parts['op envelope'] === undefined) parts['op envelope'] = envelope;
    else expect(envelope, `${kind.literal} has an envelope of its own`).toEqual(parts['op envelope']);
  }
  return parts;
}

/** Rules: what an op is and what may be refused; RULES_VERSION's. */
function rulesParts(): Record<string, string> {
  const parts: Parts = {
    ...opParts(),
    'server-only kinds': shape(SERVER_ONLY_KINDS),
    'create kinds': shape(CREATE_KINDS),
    'status machine': shape(TRANSITIONS),
  };
  const hashed = Object.fromEntries(Object.entries(parts).map(([k, x]) => [k, digest(JSON.stringify(x))]));
  for (const [k, text] of Object.entries(typeParts(['Rejection', 'Op']))) hashed[k] = digest(text);
  return hashed;
}

/** Protocol: requests, answers, error codes and limits around the ops; PROTOCOL_VERSION's. */
function protocolParts(): Record<string, string> {
  const parts: Parts = {
    'request join': shape(JoinRequestSchema),
    'request push': shape(PushRequestSchema),
    'request admin/works': shape(admin.CreateWorkRequestSchema),
    'request admin/invites': shape(admin.CreateInviteRequestSchema),
    'request admin/invites/rotate|expire': shape(admin.InviteCodeRequestSchema),
    'request admin/members/role': shape(admin.RoleChangeRequestSchema),
    'request admin/members/revoke': shape(admin.RevokeMemberRequestSchema),
    'request admin/devices/revoke': shape(admin.RevokeDeviceRequestSchema),
    'request signin': shape(admin.SignInRequestSchema),
    'request notify/channels': shape(notify.PutChannelRequestSchema),
    'request notify/channels/test': shape(notify.ChannelNameSchema),
    'request notify/prefs': shape(notify.NotifyPrefsSchema),
    'request notify/settings': shape(notify.NotifySettingsSchema),
    'request notify/push': shape(notify.PushSubscriptionSchema),
    'request resident/report': shape(resident.ResidentReportRequestSchema),
    'request resident/poster': shape(resident.PosterRequestSchema),
    'request resident/challenge': shape(resident.ChallengeRequestSchema),
    'request resident/follow|withdraw': shape(resident.FollowRequestSchema),
    'request resident/photo': shape(resident.FollowPhotoSchema),
    'request resident/feedback': shape(resident.FeedbackRequestSchema),
    'request admin/posters': shape(resident.CreatePosterRequestSchema),
    'request admin/posters/revoke': shape(resident.PosterTokenRequestSchema),
    'resident limits': shape(resident.RESIDENT_LIMITS),
    'error codes': shape(ERROR_CODES),
    'request limits': { opsPerPush: LIMITS.opsPerPush, pullPageMax: LIMITS.pullPageMax, pushBodyBytes: LIMITS.pushBodyBytes },
    'blob limits': { chunkBytes: CHUNK_BYTES, maxBlobBytes: MAX_BLOB_BYTES, hash: shape(HASH_PATTERN) },
    'ids and codes': { id: shape(ID_PATTERN), inviteAlphabet: INVITE_ALPHABET, apiPrefix: API_PREFIX },
  };
  const hashed = Object.fromEntries(Object.entries(parts).map(([k, x]) => [k, digest(JSON.stringify(x))]));
  const answers = [
    'JoinResponse',
    'PushResponse',
    'PullResponse',
    'VersionResponse',
    'ErrorBody',
    'SignInResponse',
    'InviteInfo',
    'MemberInfo',
    'PosterView',
    'ResidentChallenge',
    'ResidentReceipt',
    'ResidentFollowView',
    'PosterInfo',
  ];
  // Rejection and Op are the rules' (above); an answer that carries them names them only.
  for (const [k, text] of Object.entries(typeParts(answers, new Set(['Rejection', 'Op'])))) hashed[k] = digest(text);
  return hashed;
}

// --- the pin ---------------------------------------------------------------------------------

interface Pinned {
  version: number;
  parts: Record<string, string>;
}
interface Pin {
  protocol: Pinned;
  rules: Pinned;
}

const GROUPS = [
  { key: 'protocol', constant: 'PROTOCOL_VERSION', version: PROTOCOL_VERSION, parts: protocolParts },
  { key: 'rules', constant: 'RULES_VERSION', version: RULES_VERSION, parts: rulesParts },
] as const;

function readPin(): Pin {
  return JSON.parse(readFileSync(root(PIN_FILE), 'utf8')) as Pin;
}

function differences(pinned: Record<string, string>, now: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(pinned), ...Object.keys(now)])].sort();
  return names.flatMap((n) => {
    if (!(n in now)) return [`removed: ${n}`];
    if (!(n in pinned)) return [`added: ${n}`];
    return pinned[n] === now[n] ? [] : [`changed: ${n}`];
  });
}

/** The history lines ("N — ...") in the comment above `export const <name>` in version.ts. */
function historyVersions(constant: string): number[] {
  const source = readFileSync(root('src/core/version.ts'), 'utf8');
  const at = source.indexOf(`export const ${constant} =`);
  const comment = source.slice(source.lastIndexOf('/**', at), at);
  return [...comment.matchAll(/^\s*\*\s+(\d+) — /gm)].map((m) => Number(m[1]));
}

/** What is wrong with the pin of one group, or null. */
function pinProblem(group: (typeof GROUPS)[number], pinned: Pinned): string | null {
  const { constant, version } = group;
  const diff = differences(pinned.parts, group.parts());
  if (version === pinned.version) {
    if (diff.length === 0) return null;
    return [
      `The wire changed but ${constant} is still ${version}:`,
      ...diff.map((d) => `  ${d}`),
      `To ship this change:`,
      `  1. in src/core/version.ts, set ${constant} to ${version + 1} and add its history line "${version + 1} — <what changed and why>";`,
      `  2. add a row for it to the table of docs/sync-protocol.md §12 (and update the doc's version line and examples);`,
      `  3. record the new fingerprint in ${PIN_FILE}: ${PIN_COMMAND}`,
      `(Only if nothing a client sends or receives changed, for example a type was renamed, re-pin without a bump:`,
      ` SITEWATCH_PIN_WIRE=unchanged npx vitest run --project sqlite tests/unit/protocol-version.test.ts.)`,
    ].join('\n');
  }
  if (version !== pinned.version + 1) {
    return `${constant} is ${version} but ${PIN_FILE} pins ${pinned.version}: a version goes up by one per change.`;
  }
  return `${constant} was bumped to ${version}: record the fingerprint it was bumped for in ${PIN_FILE} with\n  ${PIN_COMMAND}`;
}

// Re-pinning is a step of a bump: it refuses a changed wire under an unchanged version.
if (process.env.SITEWATCH_PIN_WIRE) {
  const pin = readPin();
  const next = {} as Pin;
  for (const group of GROUPS) {
    const problem = pinProblem(group, pin[group.key]);
    if (problem && group.version === pin[group.key].version && process.env.SITEWATCH_PIN_WIRE !== 'unchanged') throw new Error(problem);
    next[group.key] = { version: group.version, parts: Object.fromEntries(Object.entries(group.parts()).sort(([a], [b]) => (a < b ? -1 : 1))) };
  }
  writeFileSync(root(PIN_FILE), `${JSON.stringify(next, null, 2)}\n`);
}

describe('the protocol version guards the wire', () => {
  for (const group of GROUPS) {
    it(`versions: a change to the ${group.key} schemas fails until ${group.constant} is bumped and pinned`, () => {
      const problem = pinProblem(group, readPin()[group.key]);
      if (problem) throw new Error(problem);
    });

    it(`versions: ${group.constant} has a history line for every version up to ${group.version}`, () => {
      expect(historyVersions(group.constant), `add the line "${group.version} — <what changed>" to ${group.constant}'s history in src/core/version.ts`).toEqual(
        Array.from({ length: group.version }, (_, i) => i + 1),
      );
    });
  }

  it('versions: the fingerprint sees a change deep inside a payload and ignores the wording of errors', () => {
    const before = rulesParts();
    const payload = OpSchema.options.find((o) => o.entries.kind.literal === 'photo.add')!.entries.payload as unknown as {
      entries: { caption: { pipe: Array<{ requirement: number; message: unknown }> } };
    };
    const action = payload.entries.caption.pipe[1]!;
    const [requirement, message] = [action.requirement, action.message];
    try {
      action.message = 'reworded';
      expect(rulesParts()).toEqual(before);
      action.requirement = requirement + 1;
      expect(differences(before, rulesParts())).toEqual(['changed: op photo.add']);
    } finally {
      action.requirement = requirement;
      action.message = message;
    }
  });
});

// --- the doc against the schemas -------------------------------------------------------------

const DOC = readFileSync(root('docs/sync-protocol.md'), 'utf8');

/** The text of a section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = DOC.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`docs/sync-protocol.md has no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The rows of the first table in `text` (header and rule left out), as cells; `\|` stays in a cell. */
function firstTable(text: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(
      lines[i]!.split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);

/**
 * The payload keys a §3.4 cell names: segments are separated by " · "; the keys of a segment are
 * the names in backticks before its first colon outside backticks ("`width`, `height`: pixels").
 */
function docKeys(cell: string): Array<{ key: string; segment: string; head: string }> {
  return cell.split(' · ').flatMap((segment) => {
    const masked = segment.replace(/`[^`]*`/g, (m) => 'x'.repeat(m.length));
    const colon = masked.indexOf(':');
    const head = colon < 0 ? '' : segment.slice(0, colon);
    return ticked(head)
      .filter((k) => /^[A-Za-z]\w*$/.test(k))
      .map((key) => ({ key, segment, head }));
  });
}

describe('docs/sync-protocol.md says what the schemas say', () => {
  const rows = firstTable(section('### 3.4'));
  const options = new Map(OpSchema.options.map((o) => [o.entries.kind.literal as string, o.entries]));

  it('versions: every op kind has its row in the table of §3.4, and every row names a real kind', () => {
    const documented = rows.map((r) => ticked(r[0] ?? '')[0] ?? `(row without a kind: ${r.join(' | ')})`);
    expect(
      documented.filter((k) => !options.has(k)),
      'rows naming no kind of OpSchema',
    ).toEqual([]);
    expect(
      [...options.keys()].filter((k) => !documented.includes(k)),
      'kinds of OpSchema without a row in §3.4',
    ).toEqual([]);
    expect(new Set(documented).size, 'a kind with two rows').toBe(documented.length);
  });

  it("versions: each row of §3.4 gives its kind's entity and exactly its payload's keys, optional and nullable ones said so", () => {
    for (const [kindCell, entityCell, payloadCell] of rows) {
      const kind = ticked(kindCell!)[0]!;
      const entries = options.get(kind)!;
      expect(ticked(entityCell!), `${kind}: entity`).toEqual([entries.entity.literal]);
      const schemaEntries = (entries.payload as unknown as { entries: Record<string, { type: string; wrapped?: { type: string } }> }).entries;
      const keys = docKeys(payloadCell!);
      expect(keys.map((k) => k.key).sort(), `${kind}: the keys its row lists`).toEqual(Object.keys(schemaEntries).sort());
      for (const { key, segment, head } of keys) {
        const s = schemaEntries[key]!;
        if (s.type === 'optional') expect(head, `${kind}.${key} is optional: its row must say so before the colon`).toMatch(/optional/);
        if (s.type === 'nullable' || s.wrapped?.type === 'nullable') expect(segment, `${kind}.${key} may be null: its row must say so`).toMatch(/null/);
      }
    }
  });

  it('versions: the envelope of §3.1 lists every envelope field and every entity', () => {
    const envelope = firstTable(section('### 3.1'));
    const fields = envelope.map((r) => ticked(r[0]!)[0]);
    expect(fields.sort()).toEqual(Object.keys(OpSchema.options[0]!.entries).sort());
    const entityRow = envelope.find((r) => ticked(r[0]!)[0] === 'entity')!;
    expect(
      ticked(entityRow[1]!)
        .map((e) => e.replace(/"/g, ''))
        .sort(),
    ).toEqual([...ENTITY_TYPES].sort());
    const kindRow = envelope.find((r) => ticked(r[0]!)[0] === 'kind')!;
    expect(kindRow[2]).toContain(`(${options.size} in rules version ${RULES_VERSION})`);
  });

  it('versions: §9.2 names the kinds only the server makes and the kinds that create their entity', () => {
    const order = section('### 9.2').split('| kind |')[0]!.replace(/\s+/g, ' ');
    const [serverOnly, creating] = order.split('2. ');
    expect(
      ticked(serverOnly!)
        .filter((k) => options.has(k))
        .sort(),
    ).toEqual([...SERVER_ONLY_KINDS].sort());
    expect(
      ticked(creating!.split('3. ')[0]!)
        .filter((k) => options.has(k))
        .sort(),
    ).toEqual([...CREATE_KINDS].sort());
  });

  it('versions: the doc states the current versions, in its first line, in §1.2 and in the /api/version example', () => {
    expect(DOC).toContain(`Wire protocol **${PROTOCOL_VERSION}**, rules version **${RULES_VERSION}**.`);
    const versions = firstTable(section('### 1.2'));
    const value = (name: string) => versions.find((r) => r[0] === `\`${name}\``)?.[2];
    expect([value('PROTOCOL_VERSION'), value('RULES_VERSION'), value('MIN_RULES_VERSION')]).toEqual(
      [PROTOCOL_VERSION, RULES_VERSION, MIN_RULES_VERSION].map(String),
    );
    expect(section('### 1.2')).toContain(`{"protocol":${PROTOCOL_VERSION},"rulesVersion":${RULES_VERSION},"minRulesVersion":${MIN_RULES_VERSION},`);
    const changes = firstTable(section('## 12.'));
    expect(
      changes.some((r) => r[0] === String(PROTOCOL_VERSION) && r[1] === String(RULES_VERSION)),
      '§12 has a row for the current versions',
    ).toBe(true);
  });

  it('versions: the body of POST /api/admin/works is documented field by field', () => {
    const body = firstTable(section('### 14.1'));
    expect(body.map((r) => ticked(r[0]!)[0]).sort()).toEqual(Object.keys(admin.CreateWorkRequestSchema.entries).sort());
  });
});
