// What other features may use of issues; the rest of this folder is its own.
// The works page imports this lazily, so the issue lists stay out of the shell.
export { Inbox } from './Inbox';
export { IssueList } from './IssueList';
