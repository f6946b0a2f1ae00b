/**
 * Invite codes as people type and scan them. Kept apart from the protocol's schemas so that the
 * join page, the first screen a new member sees, carries these few functions and not the schemas.
 */

/** Invite codes: 8 characters without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX. */
export const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function normalizeInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function formatInviteCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** The invite code in a location's fragment: `#code=ABCD2345` (join link) or `#ABCD2345` (sheet); '' if none. */
export function codeFromFragment(hash: string): string {
  const h = hash.replace(/^#/, '');
  const value = h.startsWith('code=') ? h.slice(5) : h.includes('=') ? '' : h;
  try {
    return decodeURIComponent(value).slice(0, 32);
  } catch {
    return '';
  }
}
