/** Ops the server itself authors (seeding, joins), stamped by the server's own clock. */
import { type HlcState, type Op, type OpOf, RULES_VERSION, initialClock, tick } from '../src/core';
import { newId } from './auth';

let clock: HlcState = initialClock('server');

type Body<K extends Op['kind']> = Pick<OpOf<K>, 'kind' | 'entity' | 'entityId' | 'payload' | 'work'>;

export function systemOp<K extends Op['kind']>(body: Body<K>, now = Date.now()): Op {
  const t = tick(clock, now);
  clock = t.clock;
  const envelope = { id: newId(), actor: 'system', device: 'server', hlc: t.stamp, v: RULES_VERSION };
  return Object.assign(envelope, body) as unknown as Op;
}
