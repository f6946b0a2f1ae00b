/**
 * The two versions of what travels between device and server, and their history. Both are pinned
 * to a fingerprint of the wire schemas (src/core/wire-pin.json, checked by
 * tests/unit/protocol-version.test.ts): a change to a schema fails that test until the version it
 * belongs to is bumped, with a history line here and a row in docs/sync-protocol.md §12.
 */

/**
 * PROTOCOL_VERSION: the version of the wire format: endpoints, request and response shapes,
 * error codes and the limits a request must keep (the op itself is RULES_VERSION's). Reported by
 * GET /api/version; nothing refuses a request by it yet. Bump it with every such change, and note
 * what changed here.
 *
 * History:
 *   1 — first version: join by invite code, bearer device tokens, push with per-op results
 *       (idempotent by op id, all-or-nothing groups, clock clamping), pull by seq after a cursor
 *       (after, afterId, limit; remaining; 409 reset_required), live pokes over SSE, staff rescue
 *       import; GET /api/health and /api/version. It grew without a bump, by additions the
 *       reference client of the time met without change:
 *       - pushes of up to 500 ops (were 100), still at most 1 MB;
 *       - photo bytes: GET/PUT /api/blobs/<hash>/upload and GET /api/blobs/<hash>, errors
 *         offset_mismatch and hash_mismatch;
 *       - issues (#6): the pull answer's cursorId;
 *       - works, members and roles (#7): /api/admin/* and POST /api/signin, error revoked; then
 *         error expired and the join's renew, blob uploads scoped to the token's work with the
 *         declared size and a quota (not_referenced, quota_exceeded); then a retried
 *         POST /api/admin/works is recognised by the creating member's token (same shapes).
 *   2 — rescue files prove who wrote them: file format 2 with one HMAC per op keyed with the
 *       exporting device's token hash; POST /api/sync/rescue takes one member's device per
 *       request and refuses it whole (rescue_unsigned, rescue_wrong_author, rescue_unproven).
 *       In the same version: a join's name is normalized as every person's name is (NFC, invisible
 *       and bidi control characters removed, spaces collapsed; names.ts), and like every text has NUL
 *       and lone surrogates replaced; a body starting with a UTF-8 BOM is refused (400, as the security
 *       notes always said); a pull cursor must name an op of the token's own work (else 409
 *       reset_required); invite links carry the code in the fragment (/join#code=…).
 *   3 — notifications: /api/notify/* (channels per work with masked secrets and a test send,
 *       the delivery log, each member's preferences and in-app inbox); see docs/sync-protocol.md §12.
 *   4 — residents report by scanning a poster: POST /api/resident/{poster,report,follow,feedback,photo,withdraw}
 *       (public, by poster or follow token in the body, rate-limited), error too_many_reports (a work's
 *       daily cap); staff's GET/POST /api/admin/posters and POST /api/admin/posters/revoke.
 *   5 — residents' reports, triage and erasure: the follow answer gains `accepted`, `merged` (the
 *       status and planned date of the issue a report was merged into) and a step's `declined`; staff's
 *       POST /api/admin/contacts/erase {contactId}; GET /api/admin/members leaves out the work's
 *       resident identity, and its role change or removal is refused (400).
 *       Notifications, continued: event kinds fixDueSoon, plannedDueSoon, plannedOverdue, digest and
 *       weekly in a member's preferences; GET/PUT /api/notify/settings (staff: escalation delay,
 *       reminder lead, digests), GET/PUT/DELETE /api/notify/push (the VAPID public key and this
 *       device's Web Push subscription, known push services only), GET /api/notify/inbox/unread (the
 *       badge's count); the delivery log's entries say whether they went in a batch.
 *   6 — residents' reports prove a little work: POST /api/resident/challenge ({challenge, bits,
 *       expiresAt}, 20 a minute per address), the report's `proof` {challenge, nonce} and a `clientId`
 *       of 16–64 characters, error proof_failed (403); the poster answer's `retentionDays` and three
 *       more resident limits. The members list's devices carry the `userAgent` they joined or signed
 *       in with (cut to 400 characters), so staff see a phone model, never a bare device id.
 */
export const PROTOCOL_VERSION = 6;

/**
 * RULES_VERSION: the version of the domain rules (op kinds, payloads, rejection codes, reducer,
 * status machine) an op was made with. Every op carries it as `v`, every push as
 * `clientVersion`; the server refuses ops older than MIN_RULES_VERSION and tells the app to
 * update. Bump it with every change to src/core that alters what an op means, and note why here.
 *
 * History:
 *   1 — walking skeleton: work.create, point.create, member.join (server only), issue.create,
 *       issue.edit, issue.transition, issue.comment, and the status machine. It grew without a
 *       bump, before any app made the new kinds (the server judged them by its own rules):
 *       - photos: photo.add; moving an issue to resolved needs an "after" photo of it
 *         (missing_after_photo), a planned date may not be past (planned_date_past);
 *       - work.create's optional responseTargets;
 *       - site plans (#4): plan.add, plan.georef, point.place, work.originals, photo.add's
 *         optional original;
 *       - checklists (#5): template.create, template.revise, inspection.start,
 *         inspection.answer, inspection.submit, issue.create's optional source, and the codes
 *         unknown_template, unknown_version, stale_version, unknown_item, invalid_answer,
 *         incomplete, inspection_closed, raised_mismatch.
 *   2 — issues (#6): issue.affect ("me too") and contact.add (a resident's contact, its own
 *       entity, left out of the pulls of roles that may not read it), code issue_closed.
 *       In the same version: member.role (#7, made by the server when staff change a role);
 *       the status merged, reached by issue.transition with `into` (#6, merge duplicates).
 *   3 — every text of a payload has NUL and lone UTF-16 surrogates replaced with U+FFFD when it is
 *       validated, on the device and on the server alike (PostgreSQL could not read such text back,
 *       and one caption stopped a work's status changes); inspection.submit's `raised` keeps ids such
 *       as `constructor` or `__proto__` (the schema dropped them); member.join's name is normalized
 *       (names.ts), so that no name can pass for another that looks the same; caps that keep each op's
 *       cost independent of the entity's past: comment_limit (3,000 comments per issue) and
 *       answer_limit (5,000 answers per inspection). Ops of versions 1 and 2 are still accepted, and
 *       judged by these rules.
 *   4 — contact.erase (made by the server only, private like contact.add): a resident withdrew their
 *       contact through their follow link; the contact's name and phone become empty and it records
 *       when and why. Ops of versions 1 to 3 are still accepted.
 *   5 — photo.retract: a wrong photo is hidden with a reason (its op and bytes stay), by its author
 *       within a day of adding it or by staff at any time; codes not_author and retract_window;
 *       point.update: staff rename a point or archive it (or bring it back), each field LWW by HLC.
 *       Ops of versions 1 to 4 are still accepted.
 *   6 — inspection.discard: the volunteer who started a draft inspection, or staff, throws it away
 *       (status `discarded`, left out of every list; its history stays); work.targets: staff change a
 *       work's response targets, LWW by HLC, and every issue clock uses the new ones; issue.create's
 *       optional `location` (a complaint at a place: tapped on the site plan or the phone's position);
 *       a resolve needs an "after" photo that was not retracted (a retracted one no longer counts).
 *       Residents' reports: issue.create's `viaPoster` (the server's only: refused from a device,
 *       server_only); issue.triage (volunteers and staff accept a poster's report, merge it into an
 *       open issue, or decline it with a reason and a note the resident reads; code already_triaged);
 *       contact.erase's reasons `retention` (the server's rounds) and `request` (staff).
 *       photo.annotate: the photo's author or staff draw arrows, circles and short texts on a photo, a
 *       layer apart from the photo (bounded: 30 shapes, texts of 40 characters; the latest layer by HLC
 *       wins; others get not_author); photo.add's optional heading (compass degrees, 0 ≤ h < 360);
 *       issue.comment's optional voice note ({hash, size ≤ 4 MiB, durationMs ≤ 2 min, type}, its bytes a
 *       blob the op names), its text may then be empty (words or a voice note: else invalid).
 *       Ops of versions 1 to 5 are still accepted.
 *   7 — issue numbers: issue.create's `number` (#142, per work, in the order the server accepts the
 *       creates) is written by the server only; from a device it is refused (server_only).
 *       work.targets' optional `contactRetentionDays` (1–730: how long residents' contacts are kept
 *       once their issue is closed; absent, the work's period stays). inspection.answer's answer may
 *       carry a `voice` note, bounded as a comment's, its bytes a blob the op names.
 *       Ops of versions 1 to 6 are still accepted.
 */
export const RULES_VERSION = 7;
export const MIN_RULES_VERSION = 1;
