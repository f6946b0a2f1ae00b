/** A FIFO async lock: run() calls execute one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // The chain continues whether fn succeeded or failed.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * One FIFO lock per key (e.g. per blob, since two devices may upload the same photo): runs for one key
 * execute one at a time, runs for different keys in parallel. A key's lock is dropped once nothing waits
 * on it, so the map does not grow with every photo ever uploaded.
 */
export class KeyedMutex {
  private readonly locks = new Map<string, { mutex: Mutex; pending: number }>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let entry = this.locks.get(key);
    if (!entry) this.locks.set(key, (entry = { mutex: new Mutex(), pending: 0 }));
    entry.pending++;
    const held = entry;
    return held.mutex.run(fn).finally(() => {
      if (--held.pending === 0) this.locks.delete(key);
    });
  }

  /** Keys with a run queued or in progress (for tests). */
  get size(): number {
    return this.locks.size;
  }
}
