/**
 * The photo pipeline's texts (src/media): why a chosen file cannot become a photo, and a photo's
 * position in words. Its own catalog because src/media serves several features and imports none.
 * Both languages inline: the pipeline loads with the pages that take photos, not with the app shell.
 */
import { catalog, translator } from '../i18n';

const zh = {
  'photo.loc.device': '手机定位，误差约 {m} 米',
  'photo.loc.exif': '照片文件里的位置（未核实）',
  'photo.loc.none': '没有位置信息（很多手机会删掉照片里的位置）',
  'photo.loc.plan': '在平面图上标注的位置',
  'photo.loc.manual': '手动输入的位置',
  'photo.err.too_large_file': '文件太大（{mb} MB，最多 {max} MB），请选一张小一些的照片。',
  'photo.err.too_many_pixels': '照片尺寸太大（{width} × {height} 像素），手机处理不了。请换一张，或先截图再选。',
  'photo.err.not_an_image': '这不是照片文件，或者文件已损坏。请换一张。',
  'photo.err.failed': '照片处理失败，请再试一次；还不行的话，请换一张照片，或关掉应用重新打开。',
};

const en: Record<keyof typeof zh, string> = {
  'photo.loc.device': 'Phone position, within about {m} m',
  'photo.loc.exif': 'Position from the photo file (not verified)',
  'photo.loc.none': 'No position (many phones remove it from photos)',
  'photo.loc.plan': 'Position tapped on the site plan',
  'photo.loc.manual': 'Position typed in',
  'photo.err.too_large_file': 'The file is too large ({mb} MB, at most {max} MB): choose a smaller photo.',
  'photo.err.too_many_pixels':
    'The photo is too big ({width} × {height} pixels) for a phone to open. Choose another, or take a screenshot of it and choose that.',
  'photo.err.not_an_image': 'This is not a photo, or the file is damaged. Choose another one.',
  'photo.err.failed': 'The photo could not be prepared. Please try again; if it still fails, choose another photo, or close the app and open it again.',
};

export const messages = catalog(zh, en);
export const t = translator(messages);
