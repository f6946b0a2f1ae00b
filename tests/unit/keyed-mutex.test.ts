import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../sync-server/mutex';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedMutex', () => {
  it('runs one key at a time, in call order, different keys side by side, and forgets idle keys', async () => {
    const locks = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const runs = [locks.run('a', job('a1')), locks.run('a', job('a2')), locks.run('b', job('b1'))];
    expect(locks.size).toBe(2);
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'b1']);
    // a2 starts only after a1 ended; b1 ran while a1 did.
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    expect(locks.size).toBe(0);
  });

  it('goes on with the next run of a key after one failed', async () => {
    const locks = new KeyedMutex();
    const failed = locks.run('a', async () => {
      throw new Error('disk full');
    });
    const next = locks.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('disk full');
    expect(await next).toBe('ok');
    expect(locks.size).toBe(0);
  });
});
