/**
 * SHA-256 and HMAC-SHA-256 for photos' ids and rescue signatures. WebCrypto where the page has it;
 * a page opened over plain http (not a secure context, e.g. http://192.168.1.5:8080 on a phone) has
 * no `crypto.subtle`, and there @noble/hashes computes the same sums. It is loaded only then, so a
 * phone on https never downloads it.
 */
import { toHex } from '../core/photos';

type Bytes = ArrayBuffer | Uint8Array<ArrayBuffer>;

const subtle = (): SubtleCrypto | undefined => globalThis.crypto?.subtle;
const u8 = (b: Bytes): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));
/** A copy as a plain ArrayBuffer: what is returned must not be a view into a caller's larger buffer. */
const own = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

export async function sha256(bytes: Bytes): Promise<ArrayBuffer> {
  const s = subtle();
  if (s) return s.digest('SHA-256', bytes);
  const { sha256: noble } = await import('@noble/hashes/sha2.js');
  return own(noble(u8(bytes)));
}

export async function sha256Hex(bytes: Bytes): Promise<string> {
  return toHex(await sha256(bytes));
}

export async function hmacSha256(key: Bytes, message: Bytes): Promise<ArrayBuffer> {
  const s = subtle();
  if (s) return s.sign('HMAC', await s.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), message);
  const [{ hmac }, { sha256: noble }] = await Promise.all([import('@noble/hashes/hmac.js'), import('@noble/hashes/sha2.js')]);
  return own(hmac(noble, u8(key), u8(message)));
}
