// What other features may use of the desk; the rest of this folder is its own.
export { PhotoGrid } from './PhotoGrid';
