/**
 * Refusals: why the server did not apply a change (one sentence per refusal code, saying what happened
 * and what to do), what kind of change it was, and the banner and list that show them. Shared because the
 * work page (banner, loaded on demand) and the settings page (list) both show them. Both languages come
 * with it (./refusals.en.ts), never with the app shell.
 */
import { catalog, translator } from './index';
import { en } from './refusals.en';
import { formatTime, vocabulary } from './vocabulary';

const zh = {
  'rejected.title': '未被采纳的修改',
  'rejected.intro': '下面这些修改服务器没有接受，没有生效。',
  'rejected.dismiss': '知道了',
  'rejected.reason.invalid_transition': '您要把状态改为“{to}”，但在您之前已有人把它改成了“{from}”，所以您的修改没有生效。',
  'rejected.reason.missing_after_photo': '标记已整改需要一张整改后的照片，这项修改没有生效。',
  'rejected.reason.planned_date_past': '计划整改日期已经过去，这项修改没有生效。',
  'rejected.reason.group_failed': '与它一起保存的另一项内容没有被接受，所以这项也没有生效。',
  'rejected.banner': '有 {n} 项修改没有生效',
  'rejected.view': '查看原因',
  'rejected.what': '{kind}：{subject}',
  'rejected.kind.issue.create': '记录问题',
  'rejected.kind.issue.edit': '修改问题',
  'rejected.kind.issue.transition': '更改状态',
  'rejected.kind.issue.comment': '留言',
  'rejected.kind.other': '修改',
  'rejected.reason.forbidden_role': '您的身份不能做这项操作，修改没有生效。',
  'rejected.reason.invalid': '服务器看不懂这项修改的内容，没有生效。请在设置里更新应用后重新填写。',
  'rejected.reason.outdated_client': '您的应用版本太旧，这项修改没有生效。请在设置里更新应用后再试。',
  'rejected.reason.not_member': '这台设备已不是这个工程的成员，修改没有生效。请向社区工作人员要新的邀请码。',
  'rejected.reason.wrong_actor': '这项修改记在另一个人名下，服务器没有接受。请用自己的设备记录。',
  'rejected.reason.server_only': '这项内容只能由服务器生成，修改没有生效。',
  'rejected.reason.exists': '这条记录已经存在，没有重复保存。',
  'rejected.reason.unknown_entity': '要修改的记录在工程里找不到（可能已被合并或删除），修改没有生效。',
  'rejected.reason.unknown_point': '所选的点位在工程里找不到，修改没有生效。请另选点位后重新记录。',
  'rejected.reason.missing_reason': '这项操作需要写明理由，修改没有生效。请写上理由后再试。',
  'rejected.reason.missing_planned_date': '确认问题时要填写计划整改日期，修改没有生效。',
  'rejected.reason.not_reporter': '只有记录人或社区工作人员可以修改这个问题，您的修改没有生效。',
  'rejected.reason.not_author': '只有拍照的人或社区工作人员可以撤回这张照片或在上面标注，照片保持原样。',
  'rejected.reason.already_triaged': '另一位志愿者已经先处理了这条居民反映，您的处理没有生效。请打开这条问题查看现在的状态。',
  'rejected.reason.retract_window': '照片加上超过一天后，拍照的人不能再撤回。照片仍然显示；如确需撤回，请联系社区工作人员。',
  'rejected.reason.unknown_template': '所用的检查表在工程里找不到，没有生效。请重新选择检查表。',
  'rejected.reason.unknown_version': '所用的检查表版本在工程里找不到，没有生效。请重新开始检查。',
  'rejected.reason.unknown_item': '检查表里没有这个项目（检查表可能已经改版），这项填写没有生效。',
  'rejected.reason.invalid_answer': '这项填写不符合要求（例如数值超出允许范围），没有生效。请改正后重新填写。',
  'rejected.reason.raised_mismatch': '提交检查时，不合格项目和生成的问题对不上，检查没有提交。请重新提交。',
  'rejected.reason.issue_closed': '这个问题已经是“{status}”状态，这项修改没有生效。如果情况又出现了，请记录一个新问题。',
  'rejected.reason.comment_limit': '这个问题已经有 {limit} 条留言，达到了上限，您的留言没有加上。请记录一个新问题继续跟进。',
  'rejected.reason.answer_limit': '这次检查已经填写了 {limit} 次，达到了上限，这项填写没有保存。请先提交，再开始一次新的检查。',
  'rejected.reason.other': '修改没有生效：服务器拒绝了它，原因这个版本的应用还不认识。请更新应用（刷新页面）后再看。',
  'cl.reason.stale_version': '在您修改期间，别人已经保存了这个检查表的新版本，您的修改没有生效。请重新打开后再改。',
  'cl.reason.inspection_closed': '这次检查已经提交了，之后的填写没有生效。如需补充，请开始一次新的检查。',
  'cl.reason.incomplete': '还有必填项目没有填写，检查没有提交。请补齐后再提交。',
  // A save on this device that failed (src/ui/save-error.ts), beside the refusals it also words.
  'error.quota': '手机存储空间已满，这条记录没能保存。请清理手机空间（照片、聊天记录）后再点保存；您填写的内容还在。',
  'error.save': '没能保存在手机上。您填写的内容还在：请再点一次保存；还不行的话，请关掉应用重新打开。',
};

export type RefusalKey = keyof typeof zh;
export const refusals = catalog(zh, en);
export const t = translator(refusals, vocabulary);
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
