/**
 * RULES_VERSION: the version of the domain rules (op kinds, payloads, reducer,
 * status machine) an op was made with. Every op carries it; the server refuses
 * ops older than MIN_RULES_VERSION and tells the app to update. Bump it with
 * every change to src/core that alters what an op means, and note why here.
 *
 * History:
 *   1 — walking skeleton: works, points, members, issues (create, edit, status, comment).
 *   2 — issues (#6): issue.affect ("me too") and contact.add (a resident's contact, its own entity).
 *       Same release, same version: member.role (#7, made by the server when staff change a role).
 */
export const RULES_VERSION = 2;
export const MIN_RULES_VERSION = 1;
