/**
 * Joining a work.
 * In the app shell, so the English comes in a chunk of its own (./messages.en.ts), loaded with the language.
 */
import { catalog, translator } from '../../i18n';
import { formatTime, vocabulary } from '../../i18n/vocabulary';
const zh = {
  'join.intro': '请输入社区工作人员给您的邀请码，以及大家怎么称呼您。不需要密码。',
  'join.code': '邀请码',
  'join.codeHint': '8 位字母和数字，例如 ABCD-2345',
  'join.name': '您的称呼',
  'join.nameHint': '例如：王阿姨、3 号楼李师傅',
  'join.submit': '加入',
  'join.joining': '正在加入…',
  'join.error.invalid_code': '邀请码不对或已过期。请核对后重新输入，或向社区工作人员要一个新的。',
  'join.error.network': '加入时需要联网。请连上网络后再点“加入”。',
  'join.error.other': '加入没有成功，服务器暂时处理不了。请稍后再试；一直不行的话，请联系社区工作人员。',
  'join.error.empty': '请填写邀请码和您的称呼。',
};

export type JoinKey = keyof typeof zh;
export const messages = catalog(zh, () => import('./messages.en').then((m) => m.en));
export const t = translator(messages, vocabulary);
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
