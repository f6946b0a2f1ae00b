// What other features may use of staff review (the desk's bulk export); the rest of this folder is its own.
export { download, issuesCsv } from './export-csv';
export { type ReviewData, loadReview, localDate } from './review-data';
export { buildLedger } from './export-ledger';
