export * from './domain';
export * from './hlc';
export * from './protocol';
export * from './ops';
export * from './photos';
export * from './plan';
export * from './reducer';
export * from './response-targets';
export * from './status';
export * from './version';
// issues (#6)
export * from './issue-clocks';
export * from './issue-filter';
export * from './issue-inbox';
export * from './issue-nearby';
export * from './contact-privacy';
