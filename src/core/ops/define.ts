/**
 * One op kind, defined in one place: its payload schema, the facts its rule
 * consults, the rule (check) and the change (apply). The entity files in this
 * folder define their kinds with createOp / changeOp; registry.ts lists them.
 * The types flow from the payload schema and the lookups into check and apply,
 * so no definition casts its op, its current state or its facts.
 */
import * as v from 'valibot';
import type { EntityType, Role } from '../domain';
import type { Rejection } from '../rejection';
import { envelope } from './fields';
import type { FactNodes, Facts } from './lookups';

type OpSchemaOf<K extends string, E extends EntityType, P extends v.GenericSchema> = v.StrictObjectSchema<
  typeof envelope & { entity: v.LiteralSchema<E, undefined>; kind: v.LiteralSchema<K, undefined>; payload: P },
  undefined
>;

/** What every op schema is: the envelope, a literal entity and kind, a payload. */
export type AnyOpSchema = v.StrictObjectSchema<
  typeof envelope & { entity: v.LiteralSchema<EntityType, undefined>; kind: v.LiteralSchema<string, undefined>; payload: v.GenericSchema },
  undefined
>;

const EnvelopeSchema = v.strictObject(envelope);
type Envelope = v.InferOutput<typeof EnvelopeSchema>;

/** The op of kind K on entity E with payload P, as the wire schema reads it. */
export type OpFrom<K extends string, E extends EntityType, P extends v.GenericSchema> = Envelope & { entity: E; kind: K; payload: v.InferOutput<P> };

/** What a rule knows of where it runs. The actor is a member here: the server's own ops skip the rules. */
export interface CheckEnv {
  role: Role;
  /** The acting side's earliest accepted planned date, YYYY-MM-DD (see earliestPlannedDate). */
  today?: string;
}

/**
 * A definition as the registry and the dispatchers see it. `C` is what the op
 * finds: undefined for a kind that creates its entity, the entity's state for
 * the others (the dispatcher has checked which before calling).
 */
export interface OpDefinition<O extends { kind: string; entity: EntityType }, C, S, F extends FactNodes, Schema = AnyOpSchema> {
  readonly kind: O['kind'];
  readonly entity: O['entity'];
  /** The whole op's wire schema (envelope, entity, kind, payload). */
  readonly schema: Schema;
  /** The op brings its entity into being (refused if it exists); otherwise the entity must exist. */
  readonly creates: boolean;
  /** Only the server authors it (joins, role changes): refused from any member. */
  readonly serverOnly: boolean;
  /** The lookups the rule reads (ops/lookups.ts); absent when it reads none. */
  facts?(op: O, current: C): F;
  check(op: O, current: C, facts: Facts<F>, env: CheckEnv): Rejection | null;
  apply(op: O, current: C): S;
}

function opSchema<K extends string, E extends EntityType, P extends v.GenericSchema>(entity: E, kind: K, payload: P): OpSchemaOf<K, E, P> {
  return v.strictObject({ ...envelope, entity: v.literal(entity), kind: v.literal(kind), payload });
}

/** A kind that brings its entity into being: its rule and change see no current state. */
export function createOp<K extends string, E extends EntityType, P extends v.GenericSchema, S, F extends FactNodes = Record<never, never>>(d: {
  kind: K;
  entity: E;
  payload: P;
  serverOnly?: boolean;
  facts?: (op: OpFrom<K, E, P>) => F;
  check(op: OpFrom<K, E, P>, facts: Facts<F>, env: CheckEnv): Rejection | null;
  apply(op: OpFrom<K, E, P>): S;
}): OpDefinition<OpFrom<K, E, P>, undefined, S, F, OpSchemaOf<K, E, P>> {
  const facts = d.facts;
  return Object.freeze({
    kind: d.kind,
    entity: d.entity,
    schema: opSchema(d.entity, d.kind, d.payload),
    creates: true,
    serverOnly: d.serverOnly ?? false,
    ...(facts && { facts: (op: OpFrom<K, E, P>) => facts(op) }),
    check: (op: OpFrom<K, E, P>, _current: undefined, f: Facts<F>, env: CheckEnv) => d.check(op, f, env),
    apply: (op: OpFrom<K, E, P>) => d.apply(op),
  });
}

/** A kind that changes an existing entity, whose state `S` its rule and change read. */
export function changeOp<K extends string, E extends EntityType, P extends v.GenericSchema, S, F extends FactNodes = Record<never, never>>(d: {
  kind: K;
  entity: E;
  payload: P;
  serverOnly?: boolean;
  facts?: (op: OpFrom<K, E, P>, current: S) => F;
  check(op: OpFrom<K, E, P>, current: S, facts: Facts<F>, env: CheckEnv): Rejection | null;
  apply(op: OpFrom<K, E, P>, current: S): S;
}): OpDefinition<OpFrom<K, E, P>, S, S, F, OpSchemaOf<K, E, P>> {
  return Object.freeze({
    kind: d.kind,
    entity: d.entity,
    schema: opSchema(d.entity, d.kind, d.payload),
    creates: false,
    serverOnly: d.serverOnly ?? false,
    ...(d.facts && { facts: d.facts }),
    check: d.check,
    apply: d.apply,
  });
}
