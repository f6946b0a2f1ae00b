/**
 * Photos: taking, placing, uploading, the camera view, originals.
 * Both languages inline: they load with this feature's pages, not with the app shell.
 */
import { catalog, translator } from '../../i18n';
import { shared } from '../../i18n/shared';
import { formatTime, vocabulary } from '../../i18n/vocabulary';

const zh = {
  'issue.removePhoto': '删除第 {n} 张',
  'photo.caption': '说明（可不填）',
  'photo.location': '位置',
  'photo.loc.locating': '正在定位…',
  'photo.save': '保存照片',
  'photo.cancel': '取消',
  'photo.skip': '不要这张',
  'photo.moreToSave': '同时选的还有 {n} 张，保存这张后接着显示。',
  'photo.preview': '照片预览',
  'photo.uploading': '上传中 {p}%',
  'photo.uploaded': '已上传',
  'photo.waiting': '等待上传',
  'photo.uploadError': '上传出错，还没有传到服务器。照片仍在手机上，会自动再试；一直不行的话，请联系社区工作人员。',
  'photo.upload.hash_mismatch': '上传出错：手机上的这张照片已损坏，和它的编号对不上，服务器没有收下。照片仍留在手机上；请重新拍一张。',
  'camera.denied': '没有相机权限。请在浏览器设置里允许使用相机，或用“拍照”按钮调用手机相机。',
  'photo.upload.quota_exceeded': '服务器上此工程的照片空间已满，这张照片暂时传不上去，仍保存在手机上。请联系社区工作人员。',
  'photo.upload.not_referenced': '服务器还没有收到（或没有接受）这张照片的记录，照片仍保存在手机上，下次同步时再试。',
  'photo.unavailable': '照片暂时无法显示',
  'camera.title': '对准上一张拍照',
  'camera.open': '对准上一张拍照',
  'camera.live': '相机画面',
  'camera.ghost': '上一张照片（半透明，用来对准）',
  'camera.hint': '让画面和淡淡的上一张照片重合，再按“拍下”。',
  'camera.shoot': '拍下',
  'camera.unavailable': '打不开相机（可能正被别的应用占用，或这台设备没有相机），请用“拍照”按钮调用手机相机。',
  'photo.loc.setOnPlan': '🗺 在平面图上标注位置',
  'photo.loc.closePlan': '关闭平面图',
  'original.held': '原图保存在本机（工程未要求上传原图）',
  'original.uploading': '原图上传中 {p}%',
  'original.uploaded': '原图已上传',
  'viewer.open': '放大查看：{alt}',
  'viewer.title': '照片 {n}/{total}',
  'viewer.close': '关闭照片',
  'viewer.prev': '上一张',
  'viewer.next': '下一张',
  'viewer.zoomIn': '放大',
  'viewer.zoomOut': '缩小',
  'viewer.taken': '拍摄于 {time}',
  'retract.open': '撤回这张照片',
  'retract.reason': '撤回原因（必填，大家都能看到）',
  'retract.hint': '照片会从列表里隐藏，原文件仍留在服务器上备查。',
  'retract.confirm': '确认撤回',
  'retract.needReason': '请写明撤回原因，例如“拍错了地方”，再点“确认撤回”。',
  'retract.tooLong': '原因太长了（{n} 字），最多 {max} 字。请删减后再撤回。',
  'retract.note': '一张照片已被 {name} 撤回（{time}），原因：{reason}',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  'issue.removePhoto': 'Remove photo {n}',
  'photo.caption': 'Caption (optional)',
  'photo.location': 'Location',
  'photo.loc.locating': 'Finding the position…',
  'photo.save': 'Save photo',
  'photo.skip': 'Skip this one',
  'photo.moreToSave': '{n} more picked with it: they come next, once this one is saved.',
  'photo.cancel': 'Cancel',
  'photo.preview': 'Photo preview',
  'photo.uploading': 'Uploading {p}%',
  'photo.uploaded': 'Uploaded',
  'photo.waiting': 'Waiting to upload',
  'photo.uploadError':
    'Upload problem: the photo has not reached the server yet. It stays on this phone and will be retried; if it keeps failing, contact the community staff.',
  'photo.upload.hash_mismatch':
    'Upload problem: this photo is damaged on the phone and no longer matches its id, so the server did not take it. It stays on the phone; please take it again.',
  'camera.denied': 'The app may not use the camera. Allow it in the browser settings, or use "Take a photo" for the phone camera.',
  'photo.upload.quota_exceeded':
    "The server has no room left for this work's photos: this photo cannot upload for now and stays on the phone. Ask the community staff.",
  'photo.upload.not_referenced':
    "The server has not received (or did not accept) this photo's record: the photo stays on the phone and is tried again at the next sync.",
  'photo.unavailable': 'Photo not available right now',
  'camera.title': 'Line up with the last photo',
  'camera.open': 'Line up with the last photo',
  'camera.live': 'Camera view',
  'camera.ghost': 'Previous photo (faint, to line up with)',
  'camera.hint': 'Match the view to the faint previous photo, then tap "Shoot".',
  'camera.shoot': 'Shoot',
  'camera.unavailable': 'The camera could not be opened (another app may be using it, or this device has none). Use "Take a photo" for the phone camera.',
  'photo.loc.setOnPlan': '🗺 Set the position on the site plan',
  'photo.loc.closePlan': 'Close the plan',
  'original.held': 'Original kept on this phone (the work does not ask for originals)',
  'original.uploading': 'Uploading the original {p}%',
  'original.uploaded': 'Original uploaded',
  'viewer.open': 'View large: {alt}',
  'viewer.title': 'Photo {n} of {total}',
  'viewer.close': 'Close the photo',
  'viewer.prev': 'Previous',
  'viewer.next': 'Next',
  'viewer.zoomIn': 'Zoom in',
  'viewer.zoomOut': 'Zoom out',
  'viewer.taken': 'Taken {time}',
  'retract.open': 'Retract this photo',
  'retract.reason': 'Why (required, everyone sees it)',
  'retract.hint': 'The photo is hidden from the lists; the file stays on the server for the record.',
  'retract.confirm': 'Retract it',
  'retract.needReason': 'Write why, e.g. "wrong place", then tap "Retract it".',
  'retract.tooLong': 'The reason is too long ({n} characters); at most {max}. Shorten it, then retract.',
  'retract.note': 'A photo was retracted by {name} ({time}). Why: {reason}',
};

export const messages = catalog(zh, en);
export const t = translator(messages, vocabulary, shared);
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
