// exifr ships types for its main entry only; the mini build has the same parse() API.
declare module 'exifr/dist/mini.esm.mjs' {
  const exifr: { parse(input: Blob | ArrayBuffer | Uint8Array, options?: unknown): Promise<unknown> };
  export default exifr;
}
