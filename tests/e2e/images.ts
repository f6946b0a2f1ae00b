/** Images made by the browser for photo tests. */
import { type Locator, type Page, expect } from '@playwright/test';

/** A noisy 2000 × 1500 JPEG made by the browser (noise keeps the display copy over one 256 KB chunk). */
export async function makeJpeg(page: Page): Promise<Uint8Array> {
  const base64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2000;
    c.height = 1500;
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(c.width, c.height);
    for (let i = 0; i < img.data.length; i += 4) {
      img.data[i] = (i * 7) % 251;
      img.data[i + 1] = Math.random() * 255;
      img.data[i + 2] = (i >> 8) % 255;
      img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return c.toDataURL('image/jpeg', 0.9).split(',')[1]!;
  });
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/**
 * The width of an <img> once the browser has decoded it. The app's photos load lazily (only when
 * scrolled near, as a person would) and decode asynchronously, so "visible" in the accessibility
 * tree can come long before the pixels do; a single read of naturalWidth would then see 0.
 */
export async function decodedWidth(img: Locator): Promise<number> {
  const width = async () => {
    await img.scrollIntoViewIfNeeded({ timeout: 2_000 });
    return img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0), undefined, { timeout: 2_000 });
  };
  // A sync arriving meanwhile may re-render the list and replace the element: then ask again.
  // The width seen by the successful poll is the answer; reading it once more could meet the
  // element mid-replacement again.
  let seen = 0;
  await expect
    .poll(
      async () => {
        seen = await width().catch(() => 0);
        return seen;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  return seen;
}
