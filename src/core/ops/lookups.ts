/**
 * The facts a check needs beyond the op and its target, declared as data.
 *
 * An op definition says which rows its rule consults (`byId('point', id)`, the
 * after photos of an issue); it does not fetch them. Two resolvers read the
 * same declarations: the server's from its store (sync-server/apply.ts) and the
 * device's from Dexie (src/sync/local.ts). Each lookup is a plain frozen node
 * with a `kind`, built by its companion's `create` (as Kysely builds its
 * operation nodes), so a resolver is a switch over a handful of kinds.
 *
 * A resolved value is three-valued: the row of the op's work; null when the
 * resolving side knows there is none in that work; undefined when it cannot
 * tell (the device may not hold every row): the rule then leaves that part to
 * the server.
 */
import type { EntityType } from '../domain';

/**
 * How the device resolves a lookup. `held`: the device holds every such row of
 * its work, so a missing one is missing (refused at once, as the server would).
 * `maybe`: a row it holds counts, a missing one is not known. `server`: the
 * device does not look; the server alone checks it.
 */
export type DevicePolicy = 'held' | 'maybe' | 'server';

/** An entity of the op's work by id. `S` is the state the rule reads (a type only). */
export interface ByIdLookup<S = unknown> {
  readonly kind: 'byId';
  readonly entity: EntityType;
  readonly id: string;
  readonly device: DevicePolicy;
  /** Never set: carries the state type to the rule. */
  readonly state?: S;
}

/** How many "after" photos that prove a fix (provesFix: not retracted) are attached to an issue of the op's work. */
export interface AfterPhotosLookup {
  readonly kind: 'afterPhotos';
  readonly issueId: string;
  readonly device: DevicePolicy;
}

export type Lookup = ByIdLookup | AfterPhotosLookup;

export const ByIdLookup = Object.freeze({
  is(l: Lookup): l is ByIdLookup {
    return l.kind === 'byId';
  },
  create<S>(entity: EntityType, id: string, device: DevicePolicy): ByIdLookup<S> {
    return Object.freeze({ kind: 'byId', entity, id, device });
  },
});

export const AfterPhotosLookup = Object.freeze({
  is(l: Lookup): l is AfterPhotosLookup {
    return l.kind === 'afterPhotos';
  },
  create(issueId: string, device: DevicePolicy): AfterPhotosLookup {
    return Object.freeze({ kind: 'afterPhotos', issueId, device });
  },
});

/** The entity `id` of type `entity` (none when the op names no id: the rule has nothing to check). */
export function byId<S>(entity: EntityType, id: string | null | undefined, device: DevicePolicy): ByIdLookup<S> | null {
  return id == null ? null : ByIdLookup.create<S>(entity, id, device);
}

export function afterPhotos(issueId: string, device: DevicePolicy): AfterPhotosLookup {
  return AfterPhotosLookup.create(issueId, device);
}

/** What a definition declares: named lookups, null where the op names nothing to look up. */
export type FactNodes = Record<string, Lookup | null>;

/** The declared lookups, resolved: see the module comment for null and undefined. */
export type Facts<F> = {
  [K in keyof F]: F[K] extends ByIdLookup<infer S> | null ? S | null | undefined : F[K] extends AfterPhotosLookup | null ? number | undefined : never;
};

/** A stable key per lookup (resolvers key their reads with it). */
export function lookupKey(l: Lookup): string {
  return l.kind === 'byId' ? `${l.entity}:${l.id}` : `afterPhotos:${l.issueId}`;
}

/** Where a check reads its facts from: null, none in the op's work; undefined, not known. */
export interface FactSource {
  get(l: Lookup): unknown;
}

/** A source over resolved values by lookupKey; a key missing from `values` is not known. */
export function mapFacts(values: ReadonlyMap<string, unknown>): FactSource {
  return {
    get(l) {
      return values.get(lookupKey(l));
    },
  };
}

/** Nothing known: every lookup is left to the other side. */
export const NO_FACTS: FactSource = Object.freeze({ get: () => undefined });

export function resolveFacts<F extends FactNodes>(nodes: F, source: FactSource): Facts<F> {
  const facts: Record<string, unknown> = {};
  for (const name of Object.keys(nodes)) {
    const node = nodes[name];
    facts[name] = node ? source.get(node) : undefined;
  }
  // The one place a value read by key takes the type its lookup declared: a byId lookup of
  // entity E is answered with a row of E's table, an afterPhotos lookup with a count.
  return facts as Facts<F>;
}

/**
 * Facts from rows a caller holds (tests, tools): for each entity type given, its
 * rows are all there are (any other id of that type is absent); types not given
 * are not known. After photos are counted per issue id.
 */
export function factsFrom(known: { rows?: Partial<Record<EntityType, readonly { id: string }[]>>; afterPhotos?: Record<string, number> }): FactSource {
  return {
    get(l) {
      if (l.kind === 'afterPhotos') return known.afterPhotos && Object.hasOwn(known.afterPhotos, l.issueId) ? known.afterPhotos[l.issueId] : undefined;
      const rows = known.rows?.[l.entity];
      return rows ? (rows.find((r) => r.id === l.id) ?? null) : undefined;
    },
  };
}
