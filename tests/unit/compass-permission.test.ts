/**
 * iPhone compass: Safari gives orientation events only after DeviceOrientationEvent.requestPermission(),
 * asked from the tap that opens the camera. The ask must happen within the tap (synchronously), at most
 * once an answer is known, and never hold up or break taking the photo.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

type Ask = () => Promise<'granted' | 'denied' | 'default'>;

/** A window with iOS's DeviceOrientationEvent (or none), and a fresh heading module (its memory of the answer). */
async function onPhone(requestPermission: Ask | undefined) {
  const events = new EventTarget();
  vi.stubGlobal('window', {
    DeviceOrientationEvent: requestPermission ? { requestPermission } : function DeviceOrientationEvent() {},
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  });
  vi.resetModules();
  return { ...(await import('../../src/media/heading')), events };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('asking an iPhone for its compass', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks within the tap itself, and no more once the person answered', async () => {
    const ask = vi.fn<Ask>(() => Promise.resolve('granted'));
    const { askCompass } = await onPhone(ask);
    askCompass();
    // Called before the tap's handler returns: Safari refuses a request made after an await.
    expect(ask).toHaveBeenCalledTimes(1);
    askCompass(); // a second tap while the prompt is still up
    await settle();
    askCompass();
    askCompass();
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('remembers a refusal too: iOS would not show the prompt again anyway', async () => {
    const ask = vi.fn<Ask>(() => Promise.resolve('denied'));
    const { askCompass } = await onPhone(ask);
    askCompass();
    await settle();
    askCompass();
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('asks again on the next tap when the request failed or was put off', async () => {
    const ask = vi
      .fn<Ask>()
      .mockImplementationOnce(() => Promise.reject(new DOMException('requires a user gesture', 'NotAllowedError')))
      .mockImplementationOnce(() => {
        throw new TypeError('older WebKit throws outright');
      })
      .mockImplementationOnce(() => Promise.resolve('default'))
      .mockImplementation(() => Promise.resolve('granted'));
    const { askCompass } = await onPhone(ask);
    for (let tap = 0; tap < 6; tap++) {
      expect(() => askCompass()).not.toThrow();
      await settle();
    }
    expect(ask).toHaveBeenCalledTimes(4);
  });

  it('never holds up the photo: with the prompt unanswered, the heading is simply none', async () => {
    const ask = vi.fn<Ask>(() => new Promise(() => undefined)); // the person has not answered
    const { askCompass, deviceHeading } = await onPhone(ask);
    askCompass();
    await expect(deviceHeading(30)).resolves.toBeNull();
  });

  it('reads the heading once allowed', async () => {
    const { askCompass, deviceHeading, events } = await onPhone(() => Promise.resolve('granted'));
    askCompass();
    const heading = deviceHeading(5_000);
    events.dispatchEvent(Object.assign(new Event('deviceorientation'), { alpha: 12, absolute: false, webkitCompassHeading: 135.2 }));
    await expect(heading).resolves.toBe(135);
  });

  it('does nothing where no permission is asked for (Android, desktop) or there is no window', async () => {
    const { askCompass } = await onPhone(undefined);
    expect(() => askCompass()).not.toThrow();
    vi.stubGlobal('window', undefined);
    expect(() => askCompass()).not.toThrow();
  });
});
