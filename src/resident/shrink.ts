/**
 * A photo made small on the phone before it travels: the longest side at most 1280 px (its thumbnail
 * 320 px), JPEG. Through an <img> (which applies the EXIF orientation) and a canvas, which every phone
 * browser has, WeChat's included; createImageBitmap is missing on older iPhones.
 */
export interface ShrunkPhoto {
  data: string;
  thumb: string;
  width: number;
  height: number;
}

function load(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('not an image'));
    };
    img.src = url;
  });
}

function draw(img: HTMLImageElement, longest: number, quality: number): { base64: string; width: number; height: number } {
  const scale = Math.min(1, longest / Math.max(img.naturalWidth, img.naturalHeight));
  const width = Math.max(1, Math.round(img.naturalWidth * scale));
  const height = Math.max(1, Math.round(img.naturalHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.drawImage(img, 0, 0, width, height);
  const url = canvas.toDataURL('image/jpeg', quality);
  return { base64: url.slice(url.indexOf(',') + 1), width, height };
}

export async function shrink(file: Blob): Promise<ShrunkPhoto> {
  const img = await load(file);
  if (!img.naturalWidth || !img.naturalHeight) throw new Error('not an image');
  const big = draw(img, 1280, 0.75);
  const small = draw(img, 320, 0.7);
  return { data: big.base64, thumb: small.base64, width: big.width, height: big.height };
}
