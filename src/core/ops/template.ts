/**
 * Checklist templates, written by community staff. A template is a list of
 * immutable versions; an edit appends version n+1 and is refused
 * (`stale_version`) if someone else appended n+1 first, so two offline edits
 * never silently merge into one.
 */
import * as v from 'valibot';
import { CHECKLIST_LIMITS, type TemplateBody, TemplateBodySchema } from '../checklist';
import { LIMITS } from '../domain';
import { reject } from '../rejection';
import { IdSchema, text } from '../schema-parts';
import { changeOp, createOp } from './define';

export interface TemplateVersion {
  version: number;
  name: string;
  body: TemplateBody;
  at: string;
  by: string;
}

export interface TemplateState {
  id: string;
  work: string;
  /** The shipped template (or another template) this one was copied from. */
  basedOn: string | null;
  versions: TemplateVersion[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const TemplateCreatePayload = v.strictObject({
  name: text(LIMITS.name),
  body: TemplateBodySchema,
  /** The shipped template (or another template of the work) this one was copied from. */
  basedOn: v.nullable(IdSchema),
});

export const TemplateRevisePayload = v.strictObject({
  /** The version this edit makes: the latest + 1 (refused as stale otherwise). */
  version: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(CHECKLIST_LIMITS.versions)),
  name: text(LIMITS.name),
  body: TemplateBodySchema,
});

export function templateVersion(t: TemplateState | null | undefined, version: number): TemplateVersion | undefined {
  return t?.versions.find((x) => x.version === version);
}

export function latestVersion(t: TemplateState): TemplateVersion {
  return t.versions[t.versions.length - 1]!;
}

const later = (a: string, b: string) => (a > b ? a : b);

const staffOnly = (kind: string, role: string) =>
  role === 'staff' ? null : reject('forbidden_role', `${role} may not ${kind}: templates are written by community staff`);

export const templateCreate = createOp({
  kind: 'template.create',
  entity: 'template',
  payload: TemplateCreatePayload,
  check: (op, _facts, { role }) => staffOnly(op.kind, role),
  apply: (op): TemplateState => ({
    id: op.entityId,
    work: op.work,
    basedOn: op.payload.basedOn,
    versions: [{ version: 1, name: op.payload.name, body: op.payload.body, at: op.hlc, by: op.actor }],
    createdBy: op.actor,
    createdAt: op.hlc,
    updatedAt: op.hlc,
  }),
});

export const templateRevise = changeOp({
  kind: 'template.revise',
  entity: 'template',
  payload: TemplateRevisePayload,
  check(op, t: TemplateState, _facts, { role }) {
    const refused = staffOnly(op.kind, role);
    if (refused) return refused;
    const next = latestVersion(t).version + 1;
    if (op.payload.version !== next) {
      return reject('stale_version', `template ${t.id} is at version ${next - 1}: open it again and redo the edit`, { latest: String(next - 1) });
    }
    if (t.versions.length >= CHECKLIST_LIMITS.versions)
      return reject('invalid', `a template keeps at most ${CHECKLIST_LIMITS.versions} versions: copy it instead`);
    return null;
  },
  apply(op, t) {
    if (templateVersion(t, op.payload.version)) return t;
    const v = { version: op.payload.version, name: op.payload.name, body: op.payload.body, at: op.hlc, by: op.actor };
    return { ...t, versions: [...t.versions, v], updatedAt: later(t.updatedAt, op.hlc) };
  },
});
