// What other features may use of issues; the rest of this folder is its own.
// The works page imports this lazily, so the issue lists stay out of the shell.
export { Inbox } from './Inbox';
export { IssueFilters, IssueList, type IssueParams, filterFrom } from './IssueList';
// The desk's issues table shows an issue beside it, as the issue page does.
export { IssueDetail } from './IssuePage';
export { MAX_NOTICES } from './IssueNoticePage';
