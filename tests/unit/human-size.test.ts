import { describe, expect, it } from 'vitest';
import { humanSize } from '../../src/lib/human-size';

const MB = 1024 * 1024;

describe('sizes as people read them', () => {
  it.each([
    [0, '0 MB'],
    [20 * 1024, '< 0.1 MB'],
    [3.24 * MB, '3.2 MB'],
    [512 * MB, '512 MB'],
    // What Settings used to say as "10243 MB".
    [10243 * MB, '10 GB'],
    [1.5 * 1024 * MB, '1.5 GB'],
    [300 * 1024 * MB, '300 GB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(humanSize(bytes)).toBe(text);
  });
});
