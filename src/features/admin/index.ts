// What other features may use of admin; the rest of this folder is its own.
export { RemovedBanner } from './RemovedBanner';
export { WorkSwitcher } from './WorkSwitcher';
