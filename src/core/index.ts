export * from './domain';
export * from './ids';
export * from './names';
export * from './hlc';
export * from './protocol';
export * from './ops';
export * from './photos';
export * from './plan';
export * from './reducer';
export * from './growing-lists';
export * from './review';
export * from './resident-figures';
export * from './brief';
export * from './timeline';
export * from './csv';
export * from './response-targets';
export * from './status';
export * from './version';
export { ownValue, personName, wellFormed } from './schema-parts';
// Works, members and roles: types only. Its schemas and helpers are imported from './admin'
// directly, so that the app shell (which imports this index) does not carry them (bundle budget).
export type { CreateInviteRequest, CreateWorkRequest, DeviceInfo, GrantedMembership, InviteInfo, MemberInfo, SignInRequest, SignInResponse } from './admin';
// checklists
export * from './checklist';
export * from './checklist-library';
// issues
export * from './issue-clocks';
export * from './issue-filter';
export * from './issue-inbox';
export * from './issue-nearby';
export * from './issue-number';
export * from './contact-privacy';
export * from './records';
