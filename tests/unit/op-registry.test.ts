/**
 * Op kinds are defined per entity and listed once in a typed registry: the wire schema, the
 * creating and server-only kinds and the dispatchers all come from it, and src/core has no
 * import circle (type-only imports count: they tie modules together just the same).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CREATE_KINDS, OP_DEFINITIONS, OpSchema, SERVER_ONLY_KINDS, lookupsOf, parseOp, RULES_VERSION, encodeStamp } from '../../src/core';

const CORE = fileURLToPath(new URL('../../src/core', import.meta.url));

function coreFiles(dir = CORE): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return coreFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a module (value and type alike), resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']*)'/g)].map((m) => m[1]!);
  return specs.map((s) => {
    const base = resolve(dirname(file), s);
    for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // try the next
      }
    }
    throw new Error(`${relative(CORE, file)}: cannot resolve ${s}`);
  });
}

function findCycle(files: string[]): string[] | null {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null;
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      const cycle = visit(g);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of files) {
    const cycle = visit(f);
    if (cycle) return cycle.map((c) => relative(CORE, c));
  }
  return null;
}

describe('op registry', () => {
  it('registry: src/core has no import circle (core/inspection <-> core/reducer was one)', () => {
    expect(findCycle(coreFiles())).toBeNull();
  });

  it('registry: the wire schema, the creating and the server-only kinds are derived from the one list of definitions', () => {
    const kinds = OP_DEFINITIONS.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(OpSchema.options.map((o) => o.entries.kind.literal)).toEqual(kinds);
    expect([...CREATE_KINDS]).toEqual(OP_DEFINITIONS.filter((d) => d.creates).map((d) => d.kind));
    expect([...SERVER_ONLY_KINDS].sort()).toEqual(['contact.erase', 'member.join', 'member.role']);
    // The order of the kinds is part of the wire (the variant's message lists them): new kinds go at the end.
    expect(kinds).toEqual([
      'work.create',
      'point.create',
      'member.join',
      'issue.create',
      'issue.edit',
      'issue.transition',
      'issue.comment',
      'photo.add',
      'member.role',
      'plan.add',
      'plan.georef',
      'point.place',
      'work.originals',
      'template.create',
      'template.revise',
      'inspection.start',
      'inspection.answer',
      'inspection.submit',
      'issue.affect',
      'contact.add',
      'contact.erase',
      'photo.retract',
      'point.update',
      'inspection.discard',
      'work.targets',
      'issue.triage',
      'photo.annotate',
    ]);
    for (const d of OP_DEFINITIONS) expect(d.schema.entries.entity.literal).toBe(d.entity);
  });

  it('registry: an op declares the lookups its rule reads, none when it is refused first or comes from the server', () => {
    const parsed = parseOp({
      id: 'op-1',
      work: 'w1',
      entity: 'photo',
      entityId: 'ph-1',
      kind: 'photo.add',
      actor: 'm1',
      device: 'd1',
      v: RULES_VERSION,
      hlc: encodeStamp({ wall: 1_800_000_000_000, counter: 0, node: 'd1' }),
      payload: {
        hash: 'a'.repeat(64),
        size: 10,
        thumbHash: 'b'.repeat(64),
        thumbSize: 5,
        width: 10,
        height: 10,
        takenAt: null,
        location: null,
        phase: 'before',
        caption: '',
        targetType: 'point',
        targetId: 'pt-1',
      },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(lookupsOf(parsed.value, undefined, 'volunteer')).toEqual([{ kind: 'byId', entity: 'point', id: 'pt-1', device: 'server' }]);
    expect(lookupsOf(parsed.value, undefined, 'system')).toEqual([]);
    expect(lookupsOf(parsed.value, { id: 'ph-1' } as never, 'volunteer')).toEqual([]);
  });
});
