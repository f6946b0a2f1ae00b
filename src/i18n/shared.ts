/**
 * Texts two or more features show that the app shell does not (a photo's buttons, an issue's sync
 * state...): kept once, so they read the same everywhere, and out of the shell, whose size has a budget.
 * Words of the domain and the texts the shell shares with a feature are in ./vocabulary.ts.
 */
import { catalog } from './index';

const zh = {
  'issue.photos': '照片（可不加）',
  'issue.photoN': '第 {n} 张照片',
  'issue.pending': '待同步',
  'issue.synced': '已同步',
  'issue.unnumbered': '待编号',
  'issue.comment': '写留言',
  'issue.plannedFor': '计划 {date} 前整改',
  'photo.take': '拍照',
  'photo.pick': '从相册选择',
  'photo.preparing': '正在处理照片…',
  'photo.preparingN': '正在处理第 {n} 张，共 {total} 张…',
  'photo.pickedAtMost': '一次最多选 {n} 张，已取前 {n} 张；其余的请再选一次。',
  'photo.loc.poor': '定位误差较大（超过 50 米），位置仅供参考。',
  'newWork.title': '新建工程',
  'signin.title': '工作人员账号登录',
  'storage.full': '手机存储空间快满了：新照片可能存不下。请先连上网络让照片上传，再清理手机里不需要的文件。',
};

export const shared = catalog(zh, {
  'issue.photos': 'Photos (optional)',
  'issue.photoN': 'Photo {n}',
  'issue.pending': 'Waiting to sync',
  'issue.synced': 'Synced',
  'issue.unnumbered': 'No number yet',
  'issue.comment': 'Write a comment',
  'issue.plannedFor': 'Fix planned by {date}',
  'photo.take': 'Take a photo',
  'photo.pick': 'Choose from gallery',
  'photo.preparing': 'Preparing the photo…',
  'photo.preparingN': 'Preparing photo {n} of {total}…',
  'photo.pickedAtMost': 'At most {n} photos at a time: the first {n} were taken; choose the others again.',
  'photo.loc.poor': 'The position is imprecise (over 50 m): treat it as a hint only.',
  'newWork.title': 'New work',
  'signin.title': 'Staff sign-in',
  'storage.full': 'The phone is nearly full: new photos may not fit. Go online so photos upload, then free space on the phone.',
});
