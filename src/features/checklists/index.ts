// What other features may use of checklists; the rest of this folder is its own.
export { IssueSource } from './IssueSource';
export { PointInspections } from './PointInspections';
