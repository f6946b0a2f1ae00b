export * from './domain';
export * from './hlc';
export * from './protocol';
export * from './ops';
export * from './photos';
export * from './plan';
export * from './plan-rules';
export * from './reducer';
export * from './review';
export * from './csv';
export * from './response-targets';
export * from './status';
export * from './version';
// Works, members and roles (#7).
export * from './admin';
// checklists (#5)
export * from './checklist';
export * from './inspection';
export * from './checklist-library';
// issues (#6)
export * from './issue-clocks';
export * from './issue-filter';
export * from './issue-inbox';
export * from './issue-nearby';
export * from './contact-privacy';
