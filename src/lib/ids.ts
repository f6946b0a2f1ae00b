import { uuidV7 } from '../core/ids';

/**
 * A new id (a time-ordered UUID, src/core/ids.ts) from getRandomValues: crypto.randomUUID exists only in
 * secure contexts, and a phone may open the app over plain http on the local network.
 */
export function newId(): string {
  return uuidV7(crypto.getRandomValues(new Uint8Array(16)), Date.now());
}
