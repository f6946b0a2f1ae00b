/**
 * Every op kind, in wire order, and the two dispatchers over them.
 *
 * Each kind is defined once in its entity's file (schema, facts, check, apply);
 * this list fixes the order of the wire schema's options (and so of the kinds
 * listed in its error for an unknown kind): append new kinds at the end.
 */
import * as v from 'valibot';
import { type Actor, type Rejection, reject } from '../rejection';
import type { OpDefinition } from './define';
import { type ContactState, contactAdd, contactErase } from './contact';
import { type InspectionState, inspectionAnswer, inspectionDiscard, inspectionStart, inspectionSubmit } from './inspection';
import { type IssueState, issueAffect, issueComment, issueCreate, issueEdit, issueTransition, issueTriage } from './issue';
import { type FactNodes, type FactSource, type Lookup, NO_FACTS, resolveFacts } from './lookups';
import { type MemberState, memberJoin, memberRole } from './member';
import { type PhotoState, photoAdd, photoAnnotate, photoRetract } from './photo';
import { type PlanState, planAdd, planGeorefOp } from './plan';
import { type PointState, pointCreate, pointPlace, pointUpdate } from './point';
import { type TemplateState, templateCreate, templateRevise } from './template';
import { type WorkState, workCreate, workOriginals, workTargets } from './work';

export const OP_DEFINITIONS = [
  workCreate,
  pointCreate,
  memberJoin,
  issueCreate,
  issueEdit,
  issueTransition,
  issueComment,
  photoAdd,
  memberRole,
  planAdd,
  planGeorefOp,
  pointPlace,
  workOriginals,
  templateCreate,
  templateRevise,
  inspectionStart,
  inspectionAnswer,
  inspectionSubmit,
  issueAffect,
  contactAdd,
  contactErase,
  photoRetract,
  pointUpdate,
  inspectionDiscard,
  workTargets,
  issueTriage,
  photoAnnotate,
] as const;

/** Every op as it travels; derived from the definitions, so app, server and tests cannot disagree. */
export const OpSchema = v.variant(
  'kind',
  OP_DEFINITIONS.map((d) => d.schema),
);

export type Op = v.InferOutput<typeof OpSchema>;
export type OpKind = Op['kind'];
export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

/** The state of each entity type, as the reducer makes it. */
export interface EntityStates {
  work: WorkState;
  point: PointState;
  member: MemberState;
  issue: IssueState;
  photo: PhotoState;
  plan: PlanState;
  template: TemplateState;
  inspection: InspectionState;
  contact: ContactState;
}
export type AnyEntityState = EntityStates[keyof EntityStates];

/**
 * A definition as the dispatchers hold it. Each definition's op, state and
 * facts types are checked where it is defined; the dispatchers hand it only
 * ops of its kind and the state stored for the op's entity.
 */
type AnyOpDefinition = OpDefinition<Op, AnyEntityState | undefined, AnyEntityState, FactNodes>;

const BY_KIND: ReadonlyMap<string, AnyOpDefinition> = new Map(OP_DEFINITIONS.map((d): [string, AnyOpDefinition] => [d.kind, d]));

function definitionOf(kind: string): AnyOpDefinition {
  const def = BY_KIND.get(kind);
  if (!def) throw new Error(`no definition for op kind ${kind}`);
  return def;
}

const SCHEMA_OF_KIND: ReadonlyMap<string, v.GenericSchema<unknown, Op>> = new Map(
  OP_DEFINITIONS.map((d): [string, v.GenericSchema<unknown, Op>] => [d.kind, d.schema]),
);

/** The wire schema of one kind (parseOp goes straight to it). */
export function schemaOfKind(kind: string): v.GenericSchema<unknown, Op> | undefined {
  return SCHEMA_OF_KIND.get(kind);
}

/** Kinds only the server may author (joining goes through the invite endpoint, a role change through the staff's member endpoint). */
export const SERVER_ONLY_KINDS: ReadonlySet<OpKind> = new Set(OP_DEFINITIONS.filter((d) => d.serverOnly).map((d) => d.kind));

/** Kinds that bring an entity into being (the others need it to exist). */
export const CREATE_KINDS: ReadonlySet<OpKind> = new Set(OP_DEFINITIONS.filter((d) => d.creates).map((d) => d.kind));

export interface CheckContext {
  actorRole: Actor;
  /** The target entity as it stands before the op. */
  current: AnyEntityState | undefined;
  /**
   * Where the lookups the op's kind declares are read from (see ops/lookups.ts);
   * omitted: nothing is known, and the rules leave those parts to the server.
   */
  facts?: FactSource;
  /** The acting side's earliest accepted planned date, YYYY-MM-DD (earliestPlannedDate). */
  today?: string;
}

/** The refusal every kind shares (who authors it, whether its entity exists), or null. */
function envelopeRejection(def: AnyOpDefinition, op: Op, role: Actor, current: AnyEntityState | undefined): Rejection | null {
  if (def.serverOnly && role !== 'system') return reject('server_only', `${op.kind} is made by the server only`);
  if (def.creates && current) return reject('exists', `${op.entity} ${op.entityId} already exists`);
  if (!def.creates && !current) return reject('unknown_entity', `${op.entity} ${op.entityId} does not exist`);
  return null;
}

/**
 * The lookups checkOp will read for this op: none when the op is refused
 * before its rule runs, or comes from the server itself. The server and the
 * device resolve these, each from its own store, and pass the values as `facts`.
 */
export function lookupsOf(op: Op, current: AnyEntityState | undefined, role: Actor): Lookup[] {
  const def = definitionOf(op.kind);
  if (role === 'system' || envelopeRejection(def, op, role, current)) return [];
  return Object.values(def.facts?.(op, current) ?? {}).filter((l): l is Lookup => l !== null);
}

/**
 * The lookups an op's rule will read, as far as the op alone tells (before its entity is read): a
 * store may fetch them with the entity in one go. A rule whose lookups depend on the entity's state
 * (an answer's pinned template) names them only once that state is known: none here.
 */
export function lookupsBeforeReading(op: Op): Lookup[] {
  const def = definitionOf(op.kind);
  if (!def.facts) return [];
  try {
    // A changing kind's lookups may read its state; undefined makes such a kind throw, and it gets none.
    return Object.values(def.facts(op, undefined as never) ?? {}).filter((l): l is Lookup => l !== null);
  } catch {
    return [];
  }
}

/** Whether an op may be applied; null when it may. Pure: the caller resolves the facts. */
export function checkOp(op: Op, ctx: CheckContext): Rejection | null {
  const { actorRole: role, current } = ctx;
  const def = definitionOf(op.kind);
  const refused = envelopeRejection(def, op, role, current);
  if (refused || role === 'system') return refused;
  const facts = resolveFacts(def.facts?.(op, current) ?? {}, ctx.facts ?? NO_FACTS);
  return def.check(op, current, facts, ctx.today === undefined ? { role } : { role, today: ctx.today });
}

/**
 * Apply an op that has been accepted (or is being applied optimistically after
 * checkOp passed). Returns the new state; never mutates its input.
 */
export function applyOp(current: AnyEntityState | undefined, op: Op): AnyEntityState {
  const def = definitionOf(op.kind);
  if (!def.creates && !current) throw new Error(`${op.kind}: ${op.entity} ${op.entityId} does not exist`);
  return def.apply(op, current);
}
