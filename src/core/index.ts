export * from './domain';
export * from './hlc';
export * from './protocol';
export * from './ops';
export * from './photos';
export * from './reducer';
export * from './status';
export * from './version';
